import { randomUUID } from 'node:crypto';
import { COMMITTEE_PERSPECTIVES, COMMITTEE_PROFILES, COMMITTEE_STANCES } from '../../src/demo/committee-demo.js';
import type { TestApp } from './app.js';
import { createEvent, createUser, type TestUser } from './factories.js';

export interface MeetingFixture {
  eventId: string;
  /** demo key → user */
  people: Map<string, TestUser>;
  /** perspective ids in the order of COMMITTEE_PERSPECTIVES */
  perspectiveIds: string[];
}

/** A seeded shuffle (the same seed, the same order). */
export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let a = seed >>> 0;
  const rand = () => ((a = (Math.imul(a, 1664525) + 1013904223) >>> 0) / 4294967296);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The demo's 11th meeting (16 members, 16 perspectives, their stances: src/demo/committee-demo.ts),
 * written straight to the database with fresh ids, every table's rows in the order `seed` gives,
 * and `repeat` members widening it (each a copy of a member, with the same stances).
 */
export async function demoMeeting(t: TestApp, opts: { seed?: number; repeat?: number } = {}): Promise<MeetingFixture> {
  const seed = opts.seed ?? 1;
  const { id: eventId } = await createEvent(t, { title: '第11回 新地福委員会「地域の居場所を、どう増やす？」' });
  const keys = Object.keys(COMMITTEE_STANCES);
  const copies = Array.from({ length: opts.repeat ?? 0 }, (_, i) => ({ key: `${keys[i % keys.length]}#${i}`, like: keys[i % keys.length] }));
  const everyone = shuffled([...keys.map((k) => ({ key: k, like: k })), ...copies], seed);
  const people = new Map<string, TestUser>();
  for (const p of everyone) {
    const u = await createUser(t, { displayName: `委員 ${p.key}` });
    const profile = COMMITTEE_PROFILES[p.like];
    await t.db.query('UPDATE app_user SET generation = $2::generation, sector = $3::sector WHERE id = $1', [u.id, profile.generation, profile.sector]);
    await t.db.query(`INSERT INTO event_participant (event_id, user_id, status) VALUES ($1, $2, 'JOINED')`, [eventId, u.id]);
    people.set(p.key, u);
  }
  const perspectiveIds = COMMITTEE_PERSPECTIVES.map(() => randomUUID());
  for (const i of shuffled(COMMITTEE_PERSPECTIVES.map((_, i) => i), seed + 1)) {
    const p = COMMITTEE_PERSPECTIVES[i];
    await t.db.query('INSERT INTO perspective (id, event_id, author_id, anonymous, text, themes) VALUES ($1, $2, $3, $4, $5, $6)', [
      perspectiveIds[i],
      eventId,
      people.get(p.author)!.id,
      p.anonymous,
      p.text,
      p.themes,
    ]);
  }
  const rows: [string, string, string][] = [];
  for (const p of everyone) {
    [...COMMITTEE_STANCES[p.like].replace(/\|/g, '')].forEach((c, i) => {
      if (c !== '.') rows.push([perspectiveIds[i], people.get(p.key)!.id, c === 'a' ? 'AGREE' : c === 'd' ? 'DISAGREE' : 'PASS']);
    });
  }
  const ordered = shuffled(rows, seed + 2);
  await t.db.query(
    `INSERT INTO perspective_stance (perspective_id, user_id, stance) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::stance[])`,
    [ordered.map((r) => r[0]), ordered.map((r) => r[1]), ordered.map((r) => r[2])],
  );
  return { eventId, people, perspectiveIds };
}
