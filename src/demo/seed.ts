import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { AccountService } from '../identity/account.service.js';
import { newApiKey } from '../identity/api-keys.js';
import { hashPassword } from '../identity/passwords.js';
import { Role } from '../identity/role.enum.js';
import {
  DEMO_EVENTS,
  DEMO_OFFERS,
  DEMO_ORGANIZATIONS,
  DEMO_PARTICIPATIONS,
  DEMO_RESIDENTS,
  DEMO_SCHOOLS,
  DEMO_STUDENTS,
  type DemoEvent,
} from './core/index.js';
import { announcedAt } from './demo-timeline.js';
import { seedDemoPlatforms, type PlatformSeedResult } from './seed-platforms.js';

/** Held for the seeding transaction, so two processes starting at once cannot both seed. */
const SEED_LOCK = 7264002;
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** identity's account writer; stateless, so the seed (called with a bare data source) makes its own */
const ACCOUNTS = new AccountService();

export interface SeedOptions {
  /** the password of every demo account (organisation members and residents) */
  memberPassword: string;
  /** what event day offsets are relative to; defaults to the current time */
  now?: Date;
}

export interface SeedResult {
  /** false when the graph already had organisations or events, and the graph's part was not written */
  seeded: boolean;
  /** the schools' API keys in plain text: shown once, only their sha256 is stored */
  schools: { name: string; apiKey: string }[];
  accounts: { email: string; role: string; displayName: string }[];
  /** students enrolled in the demo schools (no login: they sign in through their school portal) */
  students: number;
  /** collaboration offers of the demo organisations, OPEN or DRAFT */
  offers: number;
  /** what the committee, 地福TV and みんなのもしも got (zeros where they had their data already) */
  platforms: PlatformSeedResult;
}

/**
 * The whole demo: the shared graph (seedGraph) and then the three sibling platforms' own data
 * through their services (seed-platforms.ts). Safe to run again: the graph is written only into an
 * empty graph, each sibling platform only while it is empty (which also fills them in a database
 * seeded before they had demo data).
 */
export async function seedDemoData(app: INestApplicationContext, opts: SeedOptions): Promise<SeedResult> {
  const graph = await seedGraph(app.get<DataSource>(getDataSourceToken()), opts);
  const platforms = await seedDemoPlatforms(app, { now: opts.now });
  return { ...graph, platforms };
}

/**
 * Loads the demo data (src/demo/core/) into an empty graph: schools with their students,
 * organisations with one member each and their offers, residents, events on all four platforms and
 * who takes part in them. Writes nothing when any organisation or event exists.
 * One transaction, one bulk insert per table.
 */
export async function seedGraph(db: DataSource, opts: SeedOptions): Promise<Omit<SeedResult, 'platforms'>> {
  const nothing: Omit<SeedResult, 'platforms'> = { seeded: false, schools: [], accounts: [], students: 0, offers: 0 };
  // cheap look first, so that restarts of a populated database skip the password hashing
  if (!(await graphIsEmpty(db))) return nothing;
  const passwordHash = await hashPassword(opts.memberPassword);
  const now = opts.now ?? new Date();

  return db.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    if (!(await graphIsEmpty(m))) return nothing;

    // ── accounts: organisation members and residents ──
    const candidates = [
      ...DEMO_ORGANIZATIONS.map((o) => ({ ...o.member, role: Role.ORGANIZATION_MEMBER })),
      ...DEMO_RESIDENTS.map((r) => ({ key: r.key, displayName: r.displayName, email: r.email, area: r.area, role: Role.RESIDENT })),
    ];
    // an address someone already signed up with stays theirs: that demo account is left out
    const taken = await ACCOUNTS.takenEmails(m, candidates.map((a) => a.email));
    const accounts = candidates.filter((a) => !taken.has(a.email)).map((a) => ({ ...a, id: randomUUID(), passwordHash }));
    const userId = new Map(accounts.map((a) => [a.key, a.id]));
    await ACCOUNTS.createMany(m, accounts);

    // ── schools, each with a fresh API key ──
    const schools = DEMO_SCHOOLS.map((s) => {
      const apiKey = newApiKey();
      return { ...s, id: randomUUID(), apiKey: apiKey.key, hash: apiKey.hash, prefix: apiKey.prefix };
    });
    await m.query(
      `INSERT INTO school (id, name, api_key_hash, api_key_prefix)
       SELECT s.id, s.name, decode(s.hash, 'hex'), s.prefix FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS s(id, name, hash, prefix)`,
      [schools.map((s) => s.id), schools.map((s) => s.name), schools.map((s) => s.hash.toString('hex')), schools.map((s) => s.prefix)],
    );

    // ── students: a STUDENT account (no email, no password) and a profile, as a portal would enrol them ──
    const students = DEMO_STUDENTS.map((st) => {
      const school = schools.find((s) => s.key === st.school);
      if (!school) throw new Error(`demo data: student ${st.externalRef} names unknown school ${st.school}`);
      return { ...st, id: randomUUID(), schoolId: school.id, stage: school.stage };
    });
    await ACCOUNTS.createMany(m, students.map((st) => ({ id: st.id, displayName: st.displayName, role: Role.STUDENT })));
    // arrays of arrays would have to be rectangular: themes, slots and modes travel as comma lists
    await m.query(
      `INSERT INTO student (id, school_id, external_ref, stage, guardian_consent, themes, concerns, interests, area, slots, modes)
       SELECT s.id, s.school_id, s.ref, s.stage::student_stage, s.consent, string_to_array(s.themes, ','), s.concerns, s.interests, s.area,
              string_to_array(s.slots, ',')::time_slot[], string_to_array(s.modes, ',')::participation_mode[]
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
         AS s(id, school_id, ref, stage, consent, themes, concerns, interests, area, slots, modes)`,
      [
        students.map((st) => st.id),
        students.map((st) => st.schoolId),
        students.map((st) => st.externalRef),
        students.map((st) => st.stage),
        students.map((st) => st.guardianConsent),
        students.map((st) => st.themes.join(',')),
        students.map((st) => st.concerns),
        students.map((st) => st.interests),
        students.map((st) => st.area),
        students.map((st) => st.slots.join(',')),
        students.map((st) => st.modes.join(',')),
      ],
    );

    // ── organisations and their members ──
    const orgs = DEMO_ORGANIZATIONS.map((o) => ({ ...o, id: randomUUID() }));
    const orgId = new Map(orgs.map((o) => [o.key, o.id]));
    await m.query(
      `INSERT INTO organization (id, name, kind, area, description, verified)
       SELECT o.id, o.name, o.kind::organization_kind, o.area, o.description, o.verified
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[]) AS o(id, name, kind, area, description, verified)`,
      [orgs.map((o) => o.id), orgs.map((o) => o.name), orgs.map((o) => o.kind), orgs.map((o) => o.area), orgs.map((o) => o.description), orgs.map((o) => o.verified)],
    );
    const members = orgs.flatMap((o) => (userId.has(o.member.key) ? [{ orgId: o.id, userId: userId.get(o.member.key)! }] : []));
    await m.query(
      `INSERT INTO organization_member (organization_id, user_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`,
      [members.map((x) => x.orgId), members.map((x) => x.userId)],
    );

    // ── who takes part: in sign-up order, joined while there is room, then waiting ──
    const eventId = new Map(DEMO_EVENTS.map((e) => [e.key, randomUUID()]));
    const joined: Participation[] = [];
    const waiting: Participation[] = [];
    const joinedCount = new Map<string, number>();
    for (const p of DEMO_PARTICIPATIONS) {
      const event = DEMO_EVENTS.find((e) => e.key === p.event);
      if (!event) throw new Error(`demo data: participation names unknown event ${p.event}`);
      for (const person of new Set(p.people)) {
        const uid = userId.get(person);
        if (!uid) {
          if (!candidates.some((a) => a.key === person)) throw new Error(`demo data: participation names unknown account ${person}`);
          continue; // its email was taken
        }
        const n = joinedCount.get(event.key) ?? 0;
        const row = { eventKey: event.key, eventId: eventId.get(event.key)!, userId: uid, order: joined.length + waiting.length };
        if (event.capacity === null || n < event.capacity) {
          joined.push(row);
          joinedCount.set(event.key, n + 1);
        } else waiting.push(row);
      }
    }

    // ── events, with participant_count already matching the joined rows, each announced weeks before it ──
    const events = DEMO_EVENTS.map((e, index) => {
      if (e.host !== null && !orgId.has(e.host)) throw new Error(`demo data: event ${e.key} names unknown host ${e.host}`);
      const startsAt = jstStart(now, e);
      const host = e.host === null ? undefined : orgs.find((o) => o.key === e.host);
      return {
        ...e,
        id: eventId.get(e.key)!,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + e.durationMinutes * 60_000).toISOString(),
        createdAt: announcedAt(now, startsAt, index).toISOString(),
        hostId: host?.id ?? null,
        createdBy: host ? (userId.get(host.member.key) ?? null) : null,
        participantCount: joinedCount.get(e.key) ?? 0,
      };
    });
    await m.query(
      `INSERT INTO event (id, platform, title, description, starts_at, ends_at, mode, location, online_url, capacity, host_organization_id, created_by, participant_count, created_at)
       SELECT e.id, e.platform::platform, e.title, e.description, e.starts_at, e.ends_at, e.mode::participation_mode, e.location, e.online_url,
              e.capacity, e.host, e.created_by, e.participant_count, e.created_at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::text[], $9::text[],
                   $10::int[], $11::uuid[], $12::uuid[], $13::int[], $14::timestamptz[])
         AS e(id, platform, title, description, starts_at, ends_at, mode, location, online_url, capacity, host, created_by, participant_count, created_at)`,
      [
        events.map((e) => e.id),
        events.map((e) => e.platform),
        events.map((e) => e.title),
        events.map((e) => e.description),
        events.map((e) => e.startsAt),
        events.map((e) => e.endsAt),
        events.map((e) => e.mode),
        events.map((e) => e.location),
        events.map((e) => e.onlineUrl),
        events.map((e) => e.capacity),
        events.map((e) => e.hostId),
        events.map((e) => e.createdBy),
        events.map((e) => e.participantCount),
        events.map((e) => e.createdAt),
      ],
    );

    // joined rows first, then the waiting list in a second statement, so waiting rows get the higher seq
    // each signed up after the announcement, a couple of hours after the one before, and before it started
    const signedUp = (p: Participation) => {
      const e = events.find((x) => x.key === p.eventKey)!;
      const rank = [...joined, ...waiting].filter((x) => x.eventKey === p.eventKey && x.order <= p.order).length;
      const at = Math.min(Date.parse(e.createdAt) + rank * 2 * 3600_000, Date.parse(e.startsAt) - 3600_000, now.getTime());
      return new Date(Math.max(at, Date.parse(e.createdAt))).toISOString();
    };
    await insertParticipants(m, joined.map((p) => ({ ...p, joinedAt: signedUp(p) })), 'JOINED');
    await insertParticipants(m, waiting.map((p) => ({ ...p, joinedAt: signedUp(p) })), 'WAITLISTED');

    // ── collaboration offers: OPEN ones published when created, made by the organisation's member ──
    const offers = DEMO_OFFERS.map((o) => {
      const org = orgs.find((x) => x.key === o.organization);
      if (!org) throw new Error(`demo data: offer ${o.key} names unknown organisation ${o.organization}`);
      const createdAt = new Date(now.getTime() - o.daysAgo * DAY_MS).toISOString();
      return { ...o, orgId: org.id, createdBy: userId.get(org.member.key) ?? null, createdAt, publishedAt: o.status === 'OPEN' ? createdAt : null };
    });
    await m.query(
      `INSERT INTO offer (organization_id, title, description, themes, capacity, stages, area, mode, slots, status, created_by, created_at, published_at)
       SELECT o.org, o.title, o.description, string_to_array(o.themes, ','), o.capacity, string_to_array(o.stages, ',')::student_stage[], o.area,
              o.mode::participation_mode, string_to_array(o.slots, ',')::time_slot[], o.status::offer_status, o.created_by, o.created_at, o.published_at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::uuid[], $12::timestamptz[], $13::timestamptz[]) WITH ORDINALITY
         AS o(org, title, description, themes, capacity, stages, area, mode, slots, status, created_by, created_at, published_at, n)
       ORDER BY o.n`,
      [
        offers.map((o) => o.orgId),
        offers.map((o) => o.title),
        offers.map((o) => o.description),
        offers.map((o) => o.themes.join(',')),
        offers.map((o) => o.capacity),
        offers.map((o) => o.stages.join(',')),
        offers.map((o) => o.area),
        offers.map((o) => o.mode),
        offers.map((o) => o.slots.join(',')),
        offers.map((o) => o.status),
        offers.map((o) => o.createdBy),
        offers.map((o) => o.createdAt),
        offers.map((o) => o.publishedAt),
      ],
    );

    return {
      seeded: true,
      schools: schools.map((s) => ({ name: s.name, apiKey: s.apiKey })),
      accounts: accounts.map((a) => ({ email: a.email, role: a.role, displayName: a.displayName })),
      students: students.length,
      offers: offers.length,
    };
  });
}

async function graphIsEmpty(db: DataSource | EntityManager): Promise<boolean> {
  const [row] = await rows<{ busy: boolean }>(db, 'SELECT EXISTS (SELECT 1 FROM event) OR EXISTS (SELECT 1 FROM organization) AS busy');
  return !row.busy;
}

interface Participation {
  eventKey: string;
  eventId: string;
  userId: string;
  /** sign-up order over all demo participations */
  order: number;
}

async function insertParticipants(m: EntityManager, list: (Participation & { joinedAt: string })[], status: 'JOINED' | 'WAITLISTED'): Promise<void> {
  if (!list.length) return;
  await m.query(
    `INSERT INTO event_participant (event_id, user_id, status, joined_at)
     SELECT p.event_id, p.user_id, $3::participant_status, p.joined_at
     FROM unnest($1::uuid[], $2::uuid[], $4::timestamptz[]) WITH ORDINALITY AS p(event_id, user_id, joined_at, n) ORDER BY p.n`,
    [list.map((p) => p.eventId), list.map((p) => p.userId), status, list.map((p) => p.joinedAt)],
  );
}

/** `dayOffset` days after today's date in Asia/Tokyo, at `startJst` Japan time (which has no daylight saving). */
export function jstStart(now: Date, e: Pick<DemoEvent, 'dayOffset' | 'startJst'>): Date {
  const match = /^(\d{1,2}):(\d{2})$/.exec(e.startJst);
  if (!match) throw new Error(`demo data: startJst must be HH:MM, got ${e.startJst}`);
  const jstToday = new Date(now.getTime() + JST_OFFSET_MS); // its UTC fields are the Japanese date
  const midnightJst = Date.UTC(jstToday.getUTCFullYear(), jstToday.getUTCMonth(), jstToday.getUTCDate()) - JST_OFFSET_MS;
  return new Date(midnightJst + e.dayOffset * DAY_MS + (Number(match[1]) * 60 + Number(match[2])) * 60_000);
}
