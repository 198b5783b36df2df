/**
 * Hard compatibility rules of the contract ("Matching" section), as bit masks.
 *
 * Each student and each offer is encoded ONCE into a small int; the candidate loop then decides
 * a pair with three ANDs instead of string compares (it runs for every pair the index surfaces).
 *
 *   bits 0‥3   stage   (student: its one stage bit;   offer: the stages it accepts)
 *   bits 4‥10  slots   (student: slots it can attend plus bit 10 "ANY", which every student has;
 *                       offer: its slots, or ONLY the ANY bit when it has none, because "an offer
 *                       without slots fits every student", even one that listed no slot)
 *   bits 11‥13 modes   (student: modes it accepts;    offer: the mode it REQUIRES:
 *                       ONSITE → the ONSITE bit, ONLINE → the ONLINE bit, HYBRID → nothing,
 *                       because a hybrid offer fits everyone)
 *
 * A pair is compatible iff stage bits meet, slot bits meet, and every required mode bit of the
 * offer is among the student's.
 */
import { slotMask, type Slot } from '../../lib/slots/slots.js';
import { MODES, STAGES, type Mode, type Stage } from './types.js';

export const STAGE_SHIFT = 0;
export const SLOT_SHIFT = 4;
export const MODE_SHIFT = 11;
const STAGE_FIELD = 0b1111 << STAGE_SHIFT;
const SLOT_FIELD = 0b1111111 << SLOT_SHIFT;
const ANY_SLOT = 0b1000000;
const MODE_FIELD = 0b111 << MODE_SHIFT;

const stageBit = (s: Stage): number => {
  const i = STAGES.indexOf(s);
  if (i < 0) throw new Error(`unknown stage ${String(s)}`);
  return 1 << i;
};
const modeBit = (m: Mode): number => {
  const i = MODES.indexOf(m);
  if (i < 0) throw new Error(`unknown mode ${String(m)}`);
  return 1 << i;
};

/** 3-bit mode mask (bit i = MODES[i]). */
export function modeMask(modes: readonly Mode[]): number {
  let m = 0;
  for (const x of modes) m |= modeBit(x);
  return m;
}

export function encodeStudent(stage: Stage, slots: readonly Slot[], modes: readonly Mode[]): number {
  return (stageBit(stage) << STAGE_SHIFT) | ((slotMask(slots) | ANY_SLOT) << SLOT_SHIFT) | (modeMask(modes) << MODE_SHIFT);
}

export function encodeOffer(stages: readonly Stage[], slots: readonly Slot[], mode: Mode): number {
  let st = 0;
  for (const s of stages) st |= stageBit(s);
  const sl = slots.length ? slotMask(slots) : ANY_SLOT;
  // HYBRID requires nothing; ONSITE/ONLINE require their own bit among the student's modes.
  const req = mode === 'HYBRID' ? 0 : modeBit(mode);
  return (st << STAGE_SHIFT) | (sl << SLOT_SHIFT) | (req << MODE_SHIFT);
}

/** The contract's compatibility rule on two encoded ints (hot path: keep it branch-light). */
export function compatible(student: number, offer: number): boolean {
  const both = student & offer;
  return (both & STAGE_FIELD) !== 0 && (both & SLOT_FIELD) !== 0 && (both & MODE_FIELD) === (offer & MODE_FIELD);
}

