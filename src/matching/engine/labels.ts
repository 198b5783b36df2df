/** Japanese labels a coordinator reads (reasons, plans). Order follows the enums in types.ts. */
import type { Mode, Slot, Stage } from './types.js';

export const SLOT_LABEL: Record<Slot, string> = {
  WEEKDAY_DAYTIME: '平日昼間',
  WEEKDAY_AFTER_SCHOOL: '平日放課後',
  WEEKDAY_EVENING: '平日夜',
  WEEKEND_MORNING: '週末午前',
  WEEKEND_AFTERNOON: '週末午後',
  WEEKEND_EVENING: '週末夜',
};

export const STAGE_LABEL: Record<Stage, string> = {
  ELEMENTARY: '小学生',
  JUNIOR_HIGH: '中学生',
  HIGH_SCHOOL: '高校生',
  UNIVERSITY: '大学生',
};

export const MODE_LABEL: Record<Mode, string> = {
  ONSITE: '対面',
  ONLINE: 'オンライン',
  HYBRID: 'ハイブリッド',
};

/** Japanese list separator (中黒). */
export const joinJa = (xs: readonly string[]): string => xs.join('・');
