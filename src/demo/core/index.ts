/**
 * Demo data for a fresh database: a small, believable slice of 久留米市's 支え合うプラン
 * (schools with their students, organisations with their offers, residents and events on all
 * four platforms).
 *
 * Pure data, no I/O: `seed.ts` writes it. Every person, school and organisation here is fictional;
 * the venues are public facilities. Relations use string keys (types.ts), not ids.
 * Event times are relative to "now": `dayOffset` days after today in Asia/Tokyo, at `startJst`.
 * What the sibling platforms hold beyond their events (perspectives, the 地福TV programme, もしも
 * scenarios, pledges and needs) is in committee-demo.ts, tv-demo.ts and preparedness-demo.ts.
 * One file per entity; this one gathers them.
 */
export * from './types.js';
export { DEMO_SCHOOLS } from './schools.js';
export { DEMO_ORGANIZATIONS } from './organizations.js';
export { DEMO_RESIDENTS } from './residents.js';
export { DEMO_EVENTS, DEMO_PARTICIPATIONS } from './events.js';
export { DEMO_OFFERS } from './offers.js';
export { DEMO_STUDENTS } from './students.js';
