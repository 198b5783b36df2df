/**
 * The demo's story in time. The services write everything at the moment of seeding; this places
 * it where it would have happened, relative to the seed's `now` and the events' own times, so that
 * what a reader sees is coherent: an event's line in 地福TV's feed is its announcement, weeks
 * before it (so 「イベントの予定」 was true when it was written); a meeting's agenda comes a week
 * before it, its perspectives and stances during it, its minutes and highlights after it; a
 * scenario opens two weeks before its first session and its responses follow; comments on a
 * replay come after the broadcast, those before a live episode before it. Nothing is placed after
 * `now`. The feed's lines follow their rows (the feed_line triggers of migration 1764800000000).
 */
import type { EntityManager } from 'typeorm';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const JST_OFFSET = 9 * 60 * MINUTE;

/** `d`'s date in Asia/Tokyo (no summer time) at `hours`:00 there. */
export function jstDayAt(d: Date, hours: number): Date {
  const jst = new Date(d.getTime() + JST_OFFSET); // its UTC fields are the Japanese date
  return new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate(), hours) - JST_OFFSET);
}

/**
 * When the demo event at `index` of DEMO_EVENTS was announced (its created_at, the time of its
 * feed line): at 10:00 in Kurume four weeks before it starts, or, for one further off than that,
 * a little before `now` (the newest announcements); never two at the same instant.
 */
export function announcedAt(now: Date, startsAt: Date, index: number): Date {
  const fourWeeksBefore = jstDayAt(new Date(startsAt.getTime() - 28 * DAY), 10).getTime() + index * 7 * MINUTE;
  return new Date(Math.min(fourWeeksBefore, now.getTime() - (index + 1) * 53 * MINUTE));
}

/** The Japanese fiscal year (April to March) of `d`, as a drill's title names it: 令和8年度. */
export function fiscalYearLabel(d: Date): string {
  const jst = new Date(d.getTime() + JST_OFFSET);
  const year = jst.getUTCMonth() >= 3 ? jst.getUTCFullYear() : jst.getUTCFullYear() - 1;
  const reiwa = year - 2018;
  return `令和${reiwa === 1 ? '元' : reiwa}年度`;
}

/**
 * The committee's past meeting: its members signed up before it, the agenda a week before, perspectives spread over the meeting (in
 * the order they were posted), each stance within minutes of its perspective, the minutes and the
 * highlights two days after; the next meeting's agenda three days after the past one.
 */
export async function placeCommittee(tx: EntityManager, meetingId: string, nextMeetingId: string | null, now: Date): Promise<void> {
  // the members who speak joined the meeting now, through the service: they signed up before it
  await tx.query(
    `WITH p AS (SELECT x.user_id, row_number() OVER (ORDER BY x.joined_at, x.seq) AS k
                FROM event_participant x JOIN event e ON e.id = x.event_id WHERE x.event_id = $1 AND x.joined_at >= e.starts_at)
     UPDATE event_participant x SET joined_at = greatest(e.created_at, least(e.created_at + p.k * interval '3 hours', e.starts_at - interval '1 hour'))
     FROM p, event e WHERE x.event_id = $1 AND x.user_id = p.user_id AND e.id = $1`,
    [meetingId],
  );
  await tx.query(
    `UPDATE agenda_item a SET created_at = e.starts_at - interval '7 days' + a.position * interval '5 minutes'
     FROM event e WHERE e.id = a.event_id AND a.event_id = $1`,
    [meetingId],
  );
  if (nextMeetingId) {
    await tx.query(
      `UPDATE agenda_item a SET created_at = least(m.ends_at + interval '3 days', $3::timestamptz - interval '1 hour') + a.position * interval '5 minutes'
       FROM event m WHERE m.id = $1 AND a.event_id = $2`,
      [meetingId, nextMeetingId, now],
    );
  }
  await tx.query(
    `WITH p AS (SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS i, count(*) OVER () AS n FROM perspective WHERE event_id = $1)
     UPDATE perspective x SET created_at = e.starts_at + interval '15 minutes' + (e.ends_at - e.starts_at - interval '30 minutes') * (p.i::float8 / p.n)
     FROM p, event e WHERE x.id = p.id AND e.id = $1`,
    [meetingId],
  );
  await tx.query(
    `WITH s AS (SELECT s.perspective_id, s.user_id, row_number() OVER (PARTITION BY s.perspective_id ORDER BY s.updated_at, s.user_id) AS k
                FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id WHERE p.event_id = $1)
     UPDATE perspective_stance x SET updated_at = p.created_at + s.k * interval '20 seconds'
     FROM s, perspective p WHERE x.perspective_id = s.perspective_id AND x.user_id = s.user_id AND p.id = s.perspective_id`,
    [meetingId],
  );
  const afterwards = `least(e.ends_at + interval '2 days', $2::timestamptz - interval '1 hour')`;
  await tx.query(`UPDATE meeting_minutes m SET updated_at = ${afterwards} FROM event e WHERE e.id = m.event_id AND m.event_id = $1`, [meetingId, now]);
  await tx.query(
    `WITH h AS (SELECT id, row_number() OVER (ORDER BY highlighted_at, id) AS k FROM perspective WHERE event_id = $1 AND highlighted_at IS NOT NULL)
     UPDATE perspective x SET highlighted_at = ${afterwards} + h.k * interval '10 minutes' FROM h, event e WHERE x.id = h.id AND e.id = $1`,
    [meetingId, now],
  );
  await tx.query(
    `UPDATE tv_activity a SET occurred_at = p.highlighted_at FROM perspective p
     WHERE a.dedupe_key = 'perspective:' || p.id AND p.event_id = $1 AND p.highlighted_at IS NOT NULL`,
    [meetingId],
  );
}

/**
 * 地福TV: the programme two weeks before its first episode was announced, each feature with its
 * episode's announcement, a replay the day after its broadcast, comments on a replay every few
 * hours after it, and comments before a live episode between its announcement and its start.
 */
export async function placeTv(tx: EntityManager, programId: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE tv_program p SET created_at = (SELECT min(e.created_at) FROM tv_episode x JOIN event e ON e.id = x.event_id WHERE x.program_id = p.id) - interval '14 days'
     WHERE p.id = $1`,
    [programId],
  );
  await tx.query(
    `UPDATE tv_feature f SET created_at = e.created_at FROM tv_episode x JOIN event e ON e.id = x.event_id
     WHERE f.episode_id = x.event_id AND x.program_id = $1`,
    [programId],
  );
  await tx.query(
    `UPDATE tv_episode x SET replay_set_at = least(e.ends_at + interval '1 day', $2::timestamptz - interval '1 hour')
     FROM event e WHERE e.id = x.event_id AND x.program_id = $1 AND x.replay_url IS NOT NULL`,
    [programId, now],
  );
  await tx.query(
    `WITH c AS (SELECT c.id, row_number() OVER (PARTITION BY c.event_id, c.at_second IS NULL ORDER BY c.created_at, c.id) AS k,
                       count(*) OVER (PARTITION BY c.event_id, c.at_second IS NULL) AS n
                FROM tv_comment c JOIN tv_episode x ON x.event_id = c.event_id WHERE x.program_id = $1)
     UPDATE tv_comment t SET created_at = CASE
         WHEN t.at_second IS NOT NULL AND x.replay_set_at IS NOT NULL
           THEN least(x.replay_set_at + c.k * interval '5 hours', $2::timestamptz - (c.n - c.k + 1) * interval '10 minutes')
         ELSE e.created_at + (least(e.starts_at, $2::timestamptz) - e.created_at) * (c.k::float8 / (c.n + 1)) END
     FROM c, tv_episode x, event e WHERE t.id = c.id AND x.event_id = t.event_id AND e.id = t.event_id`,
    [programId, now],
  );
}

/**
 * みんなのもしも: each scenario opens at 10:00 two weeks before its first session (or a little
 * before `now`, one after another), its feed line with it, and its responses spread from then to now.
 */
export async function placeScenarios(tx: EntityManager, scenarioIds: string[], now: Date): Promise<void> {
  await tx.query(
    `WITH s AS (SELECT sc.id, row_number() OVER (ORDER BY sc.created_at, sc.id) AS i,
                       (SELECT min(e.starts_at) FROM scenario_session ss JOIN event e ON e.id = ss.event_id WHERE ss.scenario_id = sc.id) AS first
                FROM scenario sc WHERE sc.id = ANY($1::uuid[]))
     UPDATE scenario sc SET created_at = least(
         (date_trunc('day', (s.first - interval '14 days') AT TIME ZONE 'Asia/Tokyo') + interval '10 hours') AT TIME ZONE 'Asia/Tokyo' + s.i * interval '7 minutes',
         $2::timestamptz - s.i * interval '71 minutes')
     FROM s WHERE sc.id = s.id`,
    [scenarioIds, now],
  );
  await tx.query(
    `WITH r AS (SELECT id, scenario_id, row_number() OVER (PARTITION BY scenario_id ORDER BY created_at, id) AS k, count(*) OVER (PARTITION BY scenario_id) AS n
                FROM scenario_response WHERE scenario_id = ANY($1::uuid[]))
     UPDATE scenario_response x SET created_at = sc.created_at + ($2::timestamptz - sc.created_at) * (r.k::float8 / (r.n + 1))
     FROM r, scenario sc WHERE x.id = r.id AND sc.id = r.scenario_id`,
    [scenarioIds, now],
  );
  await tx.query(`UPDATE tv_activity a SET occurred_at = sc.created_at FROM scenario sc WHERE a.dedupe_key = 'scenario:' || sc.id AND sc.id = ANY($1::uuid[])`, [scenarioIds]);
}
