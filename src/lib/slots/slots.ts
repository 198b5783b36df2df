/**
 * The time-slot vocabulary every platform shares (students' availability, offers' times, support
 * needs and helpers) and its bit masks. The GraphQL enum `TimeSlot` is registered here, once, so
 * that every module's inputs and models use the same one.
 *
 * The order of SLOTS fixes the bit positions (bit i = SLOTS[i]) and the order labels are listed in.
 */
import { registerEnumType } from '@nestjs/graphql';

export enum TimeSlot {
  WEEKDAY_DAYTIME = 'WEEKDAY_DAYTIME',
  WEEKDAY_AFTER_SCHOOL = 'WEEKDAY_AFTER_SCHOOL',
  WEEKDAY_EVENING = 'WEEKDAY_EVENING',
  WEEKEND_MORNING = 'WEEKEND_MORNING',
  WEEKEND_AFTERNOON = 'WEEKEND_AFTERNOON',
  WEEKEND_EVENING = 'WEEKEND_EVENING',
}
registerEnumType(TimeSlot, { name: 'TimeSlot' });

/** A slot as the pure algorithms take it: the enum's value as a string literal. */
export type Slot = `${TimeSlot}`;

export const SLOTS: readonly Slot[] = [
  'WEEKDAY_DAYTIME',
  'WEEKDAY_AFTER_SCHOOL',
  'WEEKDAY_EVENING',
  'WEEKEND_MORNING',
  'WEEKEND_AFTERNOON',
  'WEEKEND_EVENING',
];

/** Bit of one slot (throws on a value outside the vocabulary rather than matching nothing). */
export const slotBit = (s: Slot): number => {
  const i = SLOTS.indexOf(s);
  if (i < 0) throw new Error(`unknown slot ${String(s)}`);
  return 1 << i;
};

/** 6-bit slot mask (bit i = SLOTS[i]). */
export function slotMask(slots: readonly Slot[]): number {
  let m = 0;
  for (const s of slots) m |= slotBit(s);
  return m;
}

/** Bits set in a small mask (≤ 32 bits): how many slots two masks share, after an AND. */
export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
