import { registerEnumType } from '@nestjs/graphql';

/** The life of a collaboration offer (DRAFT → OPEN → CLOSED): organisations own it. */
export enum OfferStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(OfferStatus, { name: 'OfferStatus' });
