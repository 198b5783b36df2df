/**
 * Demo schools (fictional): their students are in students.ts.
 */
import type { DemoSchool } from './types.js';

export const DEMO_SCHOOLS: DemoSchool[] = [
  { key: 'miraizaka', name: '久留米市立みらい坂中学校', stage: 'JUNIOR_HIGH' },
  { key: 'chikugo-minami', name: '福岡県立筑後川みなみ高等学校', stage: 'HIGH_SCHOOL' },
  { key: 'mirai-gakuen', name: 'くるめ未来学園大学', stage: 'UNIVERSITY' },
];
