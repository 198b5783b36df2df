/** Japanese labels of the time slots, as people read them (reasons, plans, CSV exports). Order follows SLOTS. */
import type { Slot } from './slots.js';

export const SLOT_LABEL: Record<Slot, string> = {
  WEEKDAY_DAYTIME: '平日昼間',
  WEEKDAY_AFTER_SCHOOL: '平日放課後',
  WEEKDAY_EVENING: '平日夜',
  WEEKEND_MORNING: '週末午前',
  WEEKEND_AFTERNOON: '週末午後',
  WEEKEND_EVENING: '週末夜',
};
