/**
 * Japanese labels a coordinator reads in matching's reasons and plans. Order follows the enums in
 * types.ts. The slots' labels and the list separator are shared (src/lib/slots, src/lib/text).
 */
import type { Mode, Stage } from './types.js';

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
