/**
 * What a change to offers asks of the matching graph. Matching sits above organisations (it reads
 * their offers), so organisations do not import it: they declare this port, and matching provides
 * it (matching-trigger.module.ts, a global module of the composition roots).
 */
export interface OfferMatching {
  /** After an offer students may see has been published (committed): the debounced automatic run. */
  offerPublished(): Promise<unknown>;
}

export const OFFER_MATCHING = Symbol('OFFER_MATCHING');
