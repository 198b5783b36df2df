import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Generation, Sector, Stance } from '../committee/committee.enums.js';
import { CommitteeService } from '../committee/committee.service.js';
import { PerspectiveHighlightService } from '../committee/perspective-highlight.service.js';
import { rows } from '../common/database/sql.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { Viewer } from '../common/graphql/context.js';
import { EventService } from '../graph/event.service.js';
import type { Role } from '../identity/role.enum.js';
import type { TimeSlot } from '../lib/slots/slots.js';
import { PreparednessTopic, type SupportKind } from '../preparedness/preparedness.enums.js';
import { PreparednessService } from '../preparedness/preparedness.service.js';
import { SupportService } from '../preparedness/support.service.js';
import { ContactCardService } from '../preparedness/disaster/contact-card.service.js';
import { SafetyStatus } from '../preparedness/disaster/disaster.models.js';
import { DisasterService } from '../preparedness/disaster/disaster.service.js';
import { SafetyService } from '../preparedness/disaster/safety.service.js';
import { CommentService } from '../tv/comment.service.js';
import { TvService } from '../tv/tv.service.js';
import {
  COMMITTEE_HIGHLIGHTED,
  COMMITTEE_AGENDA,
  COMMITTEE_MEETING,
  COMMITTEE_MINUTES,
  COMMITTEE_PERSPECTIVES,
  COMMITTEE_PROFILES,
  COMMITTEE_STANCES,
  NEXT_MEETING,
  NEXT_MEETING_AGENDA,
} from './committee-demo.js';
import { DEMO_EVENTS, DEMO_ORGANIZATIONS, DEMO_RESIDENTS } from './demo-data.js';
import { fiscalYearLabel, placeCommittee, placeScenarios, placeTv } from './demo-timeline.js';
import { seedJointActions, type JointActionDemo } from './joint-actions-demo.js';
import { DEMO_CONTACT_CARDS, DEMO_DRILL, DEMO_NEEDS, DEMO_PLANS, DEMO_PLEDGES, DEMO_SCENARIOS } from './preparedness-demo.js';
import { TV_COMMENTS, TV_EPISODES, TV_PROGRAM } from './tv-demo.js';

/** Held while the sibling platforms are seeded, so two processes starting at once cannot both seed them. */
const PLATFORM_LOCK = 7264003;

/** What the sibling platforms got (all zero when each already had its data). */
export interface PlatformSeedResult {
  /** the committee meeting that got perspectives (its map: GET /committee/meetings/:id/map.svg) */
  meetingId: string | null;
  perspectives: number;
  stances: number;
  episodes: number;
  comments: number;
  scenarios: number;
  responses: number;
  pledges: number;
  needs: number;
  /** past disaster drills with their reports (みんなのもしも) */
  drills: number;
  /** the future conference's demo run: joint actions in each state, proposals left to approve */
  jointActions: JointActionDemo;
}

interface DemoContext {
  db: DataSource;
  app: INestApplicationContext;
  now: Date;
  /** demo event key → id, for the demo events that exist */
  events: Map<string, string>;
  /** demo account key → the signed-in user it acts as */
  users: Map<string, Viewer & { kind: 'user' }>;
  /** the first coordinator, who registers needs; none in a database without one */
  coordinator: (Viewer & { kind: 'user' }) | null;
}

const STANCE: Record<string, Stance> = { a: Stance.AGREE, d: Stance.DISAGREE, p: Stance.PASS };
const memberOf = (org: string): string => DEMO_ORGANIZATIONS.find((o) => o.key === org)!.member.key;

/**
 * The demo data of the three sibling platforms, written through their domain services (so it obeys
 * their rules and writes their side rows), on a graph that holds the demo events and accounts:
 * the committee's 11th meeting with agenda, minutes, perspectives and stances; the 地福TV programme
 * with the TV events as its episodes; もしも scenarios, responses, plans, pledges and needs.
 * Each platform is seeded only while it is empty, so running this again writes nothing.
 */
export async function seedDemoPlatforms(app: INestApplicationContext, opts: { now?: Date } = {}): Promise<PlatformSeedResult> {
  const db = app.get<DataSource>(getDataSourceToken());
  const result: PlatformSeedResult = { meetingId: null, perspectives: 0, stances: 0, episodes: 0, comments: 0, scenarios: 0, responses: 0, pledges: 0, needs: 0, drills: 0, jointActions: { confirmed: 0, awaitingReplies: 0, cancelled: 0, proposed: 0 } };
  const lock = db.createQueryRunner();
  await lock.connect();
  try {
    // a session lock on a connection of its own: the services write through others meanwhile
    await lock.query('SELECT pg_advisory_lock($1)', [PLATFORM_LOCK]);
    try {
      const ctx = await demoContext(app, db, opts.now ?? new Date());
      if (!ctx.events.size) return result; // not the demo graph: nothing to hang the data on
      // the joint actions first: 地福TV features the confirmed one
      result.jointActions = await seedJointActions(app, db, ctx.coordinator, ctx.now);
      Object.assign(result, await seedCommittee(ctx), await seedTv(ctx), await seedPreparedness(ctx), await seedPastDrill(ctx));
      return result;
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [PLATFORM_LOCK]);
    }
  } finally {
    await lock.release();
  }
}

async function demoContext(app: INestApplicationContext, db: DataSource, now: Date): Promise<DemoContext> {
  const found = await rows<{ id: string; platform: string; title: string }>(
    db,
    'SELECT id, platform::text AS platform, title FROM event WHERE title = ANY($1::text[]) ORDER BY created_at, id',
    [DEMO_EVENTS.map((e) => e.title)],
  );
  const events = new Map<string, string>();
  for (const e of DEMO_EVENTS) {
    const row = found.find((f) => f.title === e.title && f.platform === e.platform);
    if (row) events.set(e.key, row.id);
  }
  // a demo address someone else signed up with is theirs: only accounts with the demo name as well are used
  const accounts = [...DEMO_ORGANIZATIONS.map((o) => o.member), ...DEMO_RESIDENTS];
  const users = await rows<{ id: string; email: string; name: string; roles: Role[] }>(
    db,
    'SELECT id, email, display_name AS name, roles::text[] AS roles FROM app_user WHERE email = ANY($1::text[])',
    [accounts.map((a) => a.email)],
  );
  const byKey = new Map<string, Viewer & { kind: 'user' }>();
  for (const a of accounts) {
    const u = users.find((x) => x.email === a.email && x.name === a.displayName);
    if (u) byKey.set(a.key, { kind: 'user', userId: u.id, roles: u.roles });
  }
  const [coordinator] = await rows<{ id: string; roles: Role[] }>(
    db,
    `SELECT id, roles::text[] AS roles FROM app_user WHERE 'COORDINATOR' = ANY(roles) ORDER BY created_at, id LIMIT 1`,
  );
  return { db, app, now, events, users: byKey, coordinator: coordinator ? { kind: 'user', userId: coordinator.id, roles: coordinator.roles } : null };
}

// ───────────────────────────────────────────────────────────── つどう・新地福委員会

async function seedCommittee(ctx: DemoContext): Promise<Partial<PlatformSeedResult>> {
  const meetingId = ctx.events.get(COMMITTEE_MEETING);
  if (!meetingId) return {};
  const [busy] = await rows<{ busy: boolean }>(
    ctx.db,
    `SELECT EXISTS (SELECT 1 FROM perspective WHERE event_id = $1) OR EXISTS (SELECT 1 FROM agenda_item WHERE event_id = $1) AS busy`,
    [meetingId],
  );
  if (busy.busy) return {};
  const committee = ctx.app.get(CommitteeService);
  const events = ctx.app.get(EventService);

  // self-declared generation and sector, as each member would set them with updateMyProfile
  for (const [key, profile] of Object.entries(COMMITTEE_PROFILES)) {
    const user = ctx.users.get(key);
    if (user) await committee.updateMyProfile(user.userId, { generation: profile.generation as Generation, sector: profile.sector as Sector });
  }
  // everyone who speaks or takes a stance has joined the meeting (joining twice changes nothing)
  const people = [...new Set([...COMMITTEE_PERSPECTIVES.map((p) => p.author), ...Object.keys(COMMITTEE_STANCES)])];
  for (const key of people) {
    const user = ctx.users.get(key);
    if (user) await events.join(meetingId, { kind: 'user', userId: user.userId, roles: [] });
  }

  // the host organisation's member (the committee's secretariat) keeps agenda and minutes
  const hostKey = DEMO_EVENTS.find((e) => e.key === COMMITTEE_MEETING)!.host;
  const host = (hostKey ? ctx.users.get(memberOf(hostKey)) : undefined) ?? ctx.coordinator;
  const agendaIds: string[] = [];
  if (host) {
    for (const title of COMMITTEE_AGENDA) agendaIds.push((await committee.addAgendaItem(meetingId, title, host)).id);
    await committee.setMinutes(meetingId, COMMITTEE_MINUTES, host);
    const nextId = ctx.events.get(NEXT_MEETING);
    const nextHostKey = DEMO_EVENTS.find((e) => e.key === NEXT_MEETING)!.host;
    const nextHost = (nextHostKey ? ctx.users.get(memberOf(nextHostKey)) : undefined) ?? ctx.coordinator;
    const [nextBusy] = nextId ? await rows<{ n: number }>(ctx.db, 'SELECT count(*)::int AS n FROM agenda_item WHERE event_id = $1', [nextId]) : [];
    if (nextId && nextHost && nextBusy.n === 0) for (const title of NEXT_MEETING_AGENDA) await committee.addAgendaItem(nextId, title, nextHost);
  }

  const perspectiveIds: (string | null)[] = [];
  for (const p of COMMITTEE_PERSPECTIVES) {
    const author = ctx.users.get(p.author);
    if (!author) {
      perspectiveIds.push(null);
      continue;
    }
    const agendaItemId = p.agenda !== null ? (agendaIds[p.agenda - 1] ?? null) : null;
    const created = await committee.addPerspective({ eventId: meetingId, agendaItemId, text: p.text, themes: p.themes, anonymous: p.anonymous }, author.userId);
    perspectiveIds.push(created.id);
  }

  let stances = 0;
  for (const [key, line] of Object.entries(COMMITTEE_STANCES)) {
    const user = ctx.users.get(key);
    if (!user) continue;
    const letters = line.replaceAll('|', '');
    if (letters.length !== COMMITTEE_PERSPECTIVES.length) throw new Error(`demo data: ${key} has ${letters.length} stances for ${COMMITTEE_PERSPECTIVES.length} perspectives`);
    for (const [i, letter] of [...letters].entries()) {
      const id = perspectiveIds[i];
      if (!id || letter === '.') continue;
      const stance = STANCE[letter];
      if (!stance) throw new Error(`demo data: unknown stance letter ${letter} of ${key}`);
      await committee.react(id, stance, user.userId);
      stances++;
    }
  }
  // a coordinator puts the shared ground on 地福TV's feed, as they would with highlightPerspective
  if (ctx.coordinator) {
    const highlights = ctx.app.get(PerspectiveHighlightService);
    for (const i of COMMITTEE_HIGHLIGHTED) {
      const id = perspectiveIds[i];
      if (id) await highlights.highlight(id, ctx.coordinator.userId);
    }
  }
  // written now, placed when it happened: before, during and after the meeting (demo-timeline.ts)
  await ctx.db.transaction((tx) => placeCommittee(tx, meetingId, ctx.events.get(NEXT_MEETING) ?? null, ctx.now));
  return { meetingId, perspectives: perspectiveIds.filter((id) => id !== null).length, stances };
}

// ───────────────────────────────────────────────────────────── つたえる・地福TV

async function seedTv(ctx: DemoContext): Promise<Partial<PlatformSeedResult>> {
  const [busy] = await rows<{ busy: boolean }>(ctx.db, 'SELECT EXISTS (SELECT 1 FROM tv_program) AS busy');
  if (busy.busy) return {};
  const producer = ctx.users.get(memberOf(TV_PROGRAM.producer)) ?? ctx.coordinator;
  const episodes = TV_EPISODES.filter((ep) => ctx.events.has(ep.event));
  if (!producer || !episodes.length) return {};
  const tv = ctx.app.get(TvService);
  const comments = ctx.app.get(CommentService);

  const program = await tv.createProgram({ title: TV_PROGRAM.title, description: TV_PROGRAM.description }, producer.userId);
  let linked = 0;
  for (const ep of episodes) {
    const eventId = ctx.events.get(ep.event)!;
    // the TV events exist already: they become the programme's episodes (what scheduleEpisode writes
    // besides the event); an event that is already another programme's episode stays there
    const inserted = await rows<{ event_id: string }>(
      ctx.db,
      'INSERT INTO tv_episode (event_id, program_id) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id',
      [eventId, program.id],
    );
    if (!inserted.length) continue;
    linked++;
    const demo = DEMO_EVENTS.find((e) => e.key === ep.event)!;
    const [event] = await rows<{ startsAt: Date }>(ctx.db, 'SELECT starts_at AS "startsAt" FROM event WHERE id = $1', [eventId]);
    if (ep.replayUrl && event.startsAt.getTime() + demo.durationMinutes * 60_000 <= ctx.now.getTime()) {
      await tv.setReplay(eventId, ep.replayUrl).catch((err: unknown) => {
        // the clock says the broadcast has not started yet (a seed dated ahead of it): no replay
        if (!(err instanceof DomainError && err.code === 'CONFLICT')) throw err;
      });
    }
    for (const key of ep.features) {
      const featured = ctx.events.get(key);
      if (featured) await tv.feature(eventId, featured, undefined);
    }
  }
  // the newest confirmed joint action of the future conference
  const [jointAction] = await rows<{ id: string }>(ctx.db, `SELECT id FROM joint_action WHERE status = 'CONFIRMED' ORDER BY created_at DESC, id LIMIT 1`);
  const upcoming = episodes.find((ep) => !ep.replayUrl && ctx.events.has(ep.event));
  if (jointAction && upcoming) await tv.feature(ctx.events.get(upcoming.event)!, undefined, jointAction.id);

  let posted = 0;
  for (const c of TV_COMMENTS) {
    const author = ctx.users.get(c.author);
    const eventId = ctx.events.get(c.episode);
    if (!author || !eventId) continue;
    await comments.post({ eventId, text: c.text, atSecond: c.atSecond ?? undefined }, author);
    posted++;
  }
  await ctx.db.transaction((tx) => placeTv(tx, program.id, ctx.now));
  return { episodes: linked, comments: posted };
}

// ───────────────────────────────────────────────────────────── そなえる・みんなのもしも

async function seedPreparedness(ctx: DemoContext): Promise<Partial<PlatformSeedResult>> {
  const [busy] = await rows<{ busy: boolean }>(
    ctx.db,
    'SELECT EXISTS (SELECT 1 FROM scenario) OR EXISTS (SELECT 1 FROM support_pledge) OR EXISTS (SELECT 1 FROM support_need) AS busy',
  );
  if (busy.busy) return {};
  const preparedness = ctx.app.get(PreparednessService);
  const support = ctx.app.get(SupportService);

  const scenarioIds: string[] = [];
  let responses = 0;
  for (const s of DEMO_SCENARIOS) {
    const opener = ctx.users.get(memberOf(s.openedBy)) ?? ctx.coordinator;
    if (!opener) continue;
    const sessionEventIds = s.sessions.map((key) => ctx.events.get(key)).filter((id): id is string => !!id);
    const created = await preparedness.createScenario(opener, { topic: s.topic as PreparednessTopic, title: s.title, prompt: s.prompt, sessionEventIds });
    scenarioIds.push(created.id);
    for (const r of s.responses) {
      const author = ctx.users.get(r.author);
      if (!author) continue;
      await preparedness.respond({ kind: 'user', userId: author.userId, roles: [] }, created.id, {
        text: r.text,
        needs: r.needs as SupportKind[],
        canHelpWith: r.canHelpWith as SupportKind[],
        anonymous: r.anonymous ?? false,
      });
      responses++;
    }
  }

  for (const [key, items] of Object.entries(DEMO_PLANS)) {
    const user = ctx.users.get(key);
    if (!user) continue;
    for (const [item, done] of Object.entries(items)) await preparedness.setPlanItem(user.userId, item, done);
  }

  let pledges = 0;
  for (const p of DEMO_PLEDGES) {
    const helper = ctx.users.get(p.helper);
    if (!helper) continue;
    await support.pledge(helper, { kinds: p.kinds as SupportKind[], area: p.area, slots: p.slots as TimeSlot[] });
    pledges++;
  }

  // needs are the coordinators' to register (with the person's consent); without a coordinator there are none
  let needs = 0;
  if (ctx.coordinator) {
    for (const n of DEMO_NEEDS) {
      const need = await support.registerNeed(ctx.coordinator.userId, { label: n.label, kinds: n.kinds as SupportKind[], area: n.area, slots: n.slots as TimeSlot[], consent: true });
      const card = DEMO_CONTACT_CARDS.find((c) => c.label === n.label);
      if (card) await ctx.app.get(ContactCardService).set(ctx.coordinator.userId, need.id, { name: card.name, address: card.address, phone: card.phone, notes: card.notes });
      needs++;
    }
  }
  if (scenarioIds.length) await ctx.db.transaction((tx) => placeScenarios(tx, scenarioIds, ctx.now));
  return { scenarios: scenarioIds.length, responses, pledges, needs };
}

/**
 * A past disaster drill over the demo needs' areas, while there is no disaster at all (so a
 * database seeded before disasters existed gets it at the next start): declared, reported on by
 * the coordinator and ended through the services, then placed on the Sunday morning it was held
 * (DEMO_DRILL). Its notifications, had the worker sent any in the moment it was open, go: a drill
 * weeks ago is no news.
 */
async function seedPastDrill(ctx: DemoContext): Promise<Partial<PlatformSeedResult>> {
  if (!ctx.coordinator) return {};
  const [state] = await rows<{ busy: boolean; needs: { id: string; label: string }[] }>(
    ctx.db,
    `SELECT EXISTS (SELECT 1 FROM disaster) AS busy,
            coalesce((SELECT json_agg(json_build_object('id', id, 'label', label)) FROM support_need WHERE label = ANY($1::text[])), '[]') AS needs`,
    [DEMO_NEEDS.map((n) => n.label)],
  );
  if (state.busy || state.needs.length < DEMO_NEEDS.length) return {};
  const coordinator = ctx.coordinator;
  const disasters = ctx.app.get(DisasterService);
  const safety = ctx.app.get(SafetyService);
  // the Sunday at least daysBefore days back, 9:00 in Kurume (UTC+9, no summer time)
  const day = new Date(ctx.now.getTime() - DEMO_DRILL.daysBefore * 86_400_000);
  const sunday = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - day.getUTCDay(), 0, 0));
  const drill = await disasters.declare(coordinator.userId, {
    topic: PreparednessTopic.DISASTER,
    // named by the fiscal year it was held in, as the city names its drills
    title: `${fiscalYearLabel(sunday)} ${DEMO_DRILL.title}`,
    areas: DEMO_DRILL.areas,
    endsAt: new Date(Date.now() + DEMO_DRILL.hours * 3600_000),
    drill: true,
  });
  const reports: { id: string; minutes: number }[] = [];
  for (const r of DEMO_DRILL.reports) {
    const needId = state.needs.find((n) => n.label === r.label)!.id;
    const done = await safety.report(coordinator, { needId, status: r.status as SafetyStatus, note: r.note, disasterId: drill.id });
    reports.push({ id: done.reportId!, minutes: r.minutes });
  }
  await disasters.end(coordinator.userId, drill.id);

  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE disaster SET started_at = $2, ends_at = $2::timestamptz + make_interval(hours => $3), ended_at = $2::timestamptz + make_interval(hours => $3) WHERE id = $1`,
      [drill.id, sunday, DEMO_DRILL.hours],
    );
    for (const r of reports) await tx.query(`UPDATE safety_report SET reported_at = $2::timestamptz + make_interval(mins => $3) WHERE id = $1`, [r.id, sunday, r.minutes]);
    await tx.query(`UPDATE safety_state s SET reported_at = r.reported_at FROM safety_report r WHERE r.id = s.report_id AND s.disaster_id = $1`, [drill.id]);
    await tx.query(`UPDATE tv_activity SET occurred_at = $2 WHERE dedupe_key = $1`, [`disaster:${drill.id}`, sunday]);
    await tx.query(`DELETE FROM notification WHERE dedupe_key LIKE $1`, [`disaster-declared:${drill.id}:%`]);
  });
  return { drills: 1 };
}
