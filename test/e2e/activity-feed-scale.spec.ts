import { ActivityFeedLines1764800000000 } from '../../migrations/1764800000000-activity-feed-lines.js';
import { cursorTimeSql, encodeCursor } from '../../src/common/graphql/pagination.js';
import { Platform } from '../../src/graph/graph.enums.js';
import { feedQueries, type FeedFilter } from '../../src/tv/activity.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createOrganization, type TestUser } from '../support/factories.js';
import { insertJointAction } from '../support/students.js';

/**
 * 地福TV's activityFeed at city scale: its lines live in feed_line, kept by triggers on event,
 * joint_action and tv_activity (migration 1764800000000), so a page is one index range scan
 * whatever the years of events behind it. Here: the table holds exactly the lines of the union it
 * replaced, through every kind of write; the migration fills it from what exists; and with 20,000
 * events, 2,000 joint actions and 500 sibling lines, EXPLAIN shows each page reading its rows off
 * the right index and nothing else (plan node types and row counts, never timings).
 */
let t: TestApp;
let coordinator: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await createCoordinator(t);
});
afterAll(() => t?.close());

/** The feed as it was read before feed_line (migration 1764500000000's union), less the texts: the reference. */
const UNION = `
  SELECT 'event:' || e.id AS key, CASE WHEN e.platform = 'TV' THEN 'EPISODE_PUBLISHED' ELSE 'EVENT_SCHEDULED' END AS kind,
         e.platform::text AS platform, true AS public, e.created_at AS occurred_at
  FROM event e WHERE NOT EXISTS (SELECT 1 FROM joint_action j WHERE j.event_id = e.id)
  UNION ALL
  SELECT 'ja:' || ja.id, 'JOINT_ACTION_STARTED', 'FUTURE_CONFERENCE', true, ja.created_at FROM joint_action ja
  UNION ALL
  SELECT 'act:' || a.id, a.kind::text, a.platform::text, a.public, a.occurred_at FROM tv_activity a`;

const lines = () => t.db.query(`SELECT key, kind::text AS kind, platform::text AS platform, public, occurred_at FROM feed_line ORDER BY key`);
const reference = () => t.db.query(`SELECT * FROM (${UNION}) u ORDER BY key`);

const FEED = `query($platform: Platform, $first: Int, $after: String) { activityFeed(platform: $platform, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id kind platform title event { id } jointAction { id } } } } }`;

describe('feed_line follows its sources', () => {
  it('holds exactly the lines of the union it replaced through inserts, updates and deletes, and shows the titles of now', async () => {
    const committee = await createEvent(t, { platform: Platform.COMMITTEE, title: '新地福委員会 第20回' });
    const tv = await createEvent(t, { platform: Platform.TV, title: '地福TV 第20回' });
    const ja = await insertJointAction(t, []);
    await t.db.query(`INSERT INTO tv_activity (kind, platform, title, event_id, public) VALUES ('PERSPECTIVE_HIGHLIGHTED', 'COMMITTEE', '視点: 内緒', $1, false)`, [committee.id]);
    expect(await lines()).toEqual(await reference());
    const mine = (await lines()).filter((l: { key: string }) => [`event:${committee.id}`, `event:${tv.id}`, `ja:${ja.jointActionId}`, `event:${ja.eventId}`].includes(l.key));
    expect(mine.map((l: { key: string; kind: string }) => [l.key, l.kind]).sort()).toEqual(
      [[`event:${committee.id}`, 'EVENT_SCHEDULED'], [`event:${tv.id}`, 'EPISODE_PUBLISHED'], [`ja:${ja.jointActionId}`, 'JOINT_ACTION_STARTED']].sort(),
    );

    // a renamed event shows its new title at once (the line points, it does not copy)
    await t.db.query(`UPDATE event SET title = '新地福委員会 第20回（会場変更）' WHERE id = $1`, [committee.id]);
    const coordinatorFeed = (await t.gql(FEED, { first: 100 }, { token: coordinator.token })).data.activityFeed;
    expect(coordinatorFeed.edges.find((e: any) => e.node.id === `event:${committee.id}`).node.title).toBe('新地福委員会 第20回（会場変更）');
    expect(coordinatorFeed.edges.some((e: any) => e.node.title === '視点: 内緒')).toBe(true);
    const anonymousFeed = (await t.gql(FEED, { first: 100 })).data.activityFeed;
    expect(anonymousFeed.edges.some((e: any) => e.node.title === '視点: 内緒')).toBe(false);
    expect(anonymousFeed.totalCount).toBe(coordinatorFeed.totalCount - 1);

    // what the feed reads of an event or a sibling line changes with it; participant counts change nothing
    await t.db.query(`UPDATE event SET platform = 'TV', created_at = created_at - interval '1 day' WHERE id = $1`, [committee.id]);
    await t.db.query(`UPDATE tv_activity SET public = true WHERE title = '視点: 内緒'`);
    await t.db.query(`UPDATE event SET participant_count = participant_count + 1 WHERE id = $1`, [tv.id]);
    expect(await lines()).toEqual(await reference());
    expect((await t.gql(FEED, { first: 100 })).data.activityFeed.totalCount).toBe(coordinatorFeed.totalCount);

    // a joint action moved to another event, then gone: each event is listed again once it has none
    const spare = await createEvent(t, { platform: Platform.FUTURE_CONFERENCE });
    await t.db.query('UPDATE joint_action SET event_id = $2 WHERE id = $1', [ja.jointActionId, spare.id]);
    expect(await lines()).toEqual(await reference());
    await t.db.query('DELETE FROM joint_action WHERE id = $1', [ja.jointActionId]);
    expect(await lines()).toEqual(await reference());
    expect((await lines()).map((l: { key: string }) => l.key)).toEqual(expect.arrayContaining([`event:${ja.eventId}`, `event:${spare.id}`]));

    // deleting an event takes its line, and the lines pointing at it, in the same statement
    await t.db.query('DELETE FROM event WHERE id = $1', [committee.id]);
    expect(await lines()).toEqual(await reference());
    expect(await t.db.query(`SELECT 1 FROM feed_line WHERE key = $1`, [`event:${committee.id}`])).toEqual([]);
  });

  it('the migration fills feed_line from what exists before it', async () => {
    const runner = t.db.createQueryRunner();
    const migration = new ActivityFeedLines1764800000000();
    try {
      await migration.down(runner);
      await createEvent(t, { platform: Platform.PREPAREDNESS, title: 'もしもの備え 前から' });
      await insertJointAction(t, []);
      await t.db.query(`INSERT INTO tv_activity (kind, platform, title) VALUES ('SCENARIO_OPENED', 'PREPAREDNESS', 'みんなのもしも: 前から')`);
      await migration.up(runner);
      expect(await lines()).toEqual(await reference());
      expect((await lines()).length).toBeGreaterThan(3);
    } finally {
      await runner.release();
    }
  });
});

describe('at city scale', () => {
  const EVENTS = 20_000;
  const JOINT_ACTIONS = 2_000;
  const ACTIVITIES = 500;

  type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Actual Rows': number; 'Rows Removed by Filter'?: number; Plans?: PlanNode[] };
  const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];
  async function explain([sql, params]: [string, unknown[]]): Promise<PlanNode[]> {
    const [row] = await t.db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    return nodes(row['QUERY PLAN'][0].Plan);
  }

  beforeAll(async () => {
    // years of events on all four platforms, one an hour, in one statement
    await t.db.query(
      `INSERT INTO event (platform, title, description, starts_at, mode, created_at)
       SELECT (ARRAY['COMMITTEE', 'PREPAREDNESS', 'TV', 'FUTURE_CONFERENCE']::platform[])[1 + i % 4], '地域の集まり 第' || i || '回', '話し合います。',
              now() + i * interval '1 hour', 'ONSITE', now() - i * interval '1 hour'
       FROM generate_series(1, $1) i`,
      [EVENTS],
    );
    // joint actions with their events, proposals and runs, all in one statement too (the triggers
    // must not care in which order a statement's tables fire them)
    const { id: organizationId } = await createOrganization(t);
    const [offer] = await t.db.query(
      `INSERT INTO offer (organization_id, title, description, themes, capacity, stages, mode, status)
       VALUES ($1, '防災マップづくり', '地域を歩きます。', '{disaster}', 10, '{HIGH_SCHOOL}', 'HYBRID', 'OPEN') RETURNING id`,
      [organizationId],
    );
    await t.db.query(
      `WITH n AS (SELECT i, gen_random_uuid() AS run_id, gen_random_uuid() AS proposal_id, gen_random_uuid() AS event_id FROM generate_series(1, $2) i),
       runs AS (INSERT INTO matching_run (id, status, finished_at) SELECT run_id, 'COMPLETED', now() FROM n),
       proposals AS (INSERT INTO proposal (id, run_id, offer_id, status, score, plan_title, plan_summary, plan_themes, decided_at)
                     SELECT proposal_id, run_id, $1, 'APPROVED', 0.8, '共同アクション', '', '{disaster}', now() FROM n),
       events AS (INSERT INTO event (id, platform, title, starts_at, mode, created_at)
                  SELECT event_id, 'FUTURE_CONFERENCE', '共同アクション 第' || i || '回', now(), 'ONSITE', now() - i * interval '9 hours' FROM n)
       INSERT INTO joint_action (proposal_id, offer_id, title, summary, themes, event_id, created_at)
       SELECT proposal_id, $1, '共同アクション 第' || i || '回', '', '{disaster}', event_id, now() - i * interval '9 hours' + interval '1 minute' FROM n`,
      [offer.id, JOINT_ACTIONS],
    );
    // sibling lines, every tenth for coordinators only
    await t.db.query(
      `INSERT INTO tv_activity (kind, platform, title, public, occurred_at)
       SELECT 'PERSPECTIVE_HIGHLIGHTED', 'COMMITTEE', '視点: 「第' || i || 'の声」', i % 10 <> 0, now() - i * interval '37 hours'
       FROM generate_series(1, $1) i`,
      [ACTIVITIES],
    );
    // the statistics and visibility map autovacuum would keep in production
    await t.db.query('VACUUM ANALYZE event, joint_action, tv_activity, feed_line');
  });

  it('holds one line per event without a joint action, per joint action and per sibling line', async () => {
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM feed_line');
    expect(n).toBeGreaterThan(EVENTS + JOINT_ACTIONS + ACTIVITIES - 1);
    expect(await lines()).toEqual(await reference());
  });

  const readers: { who: string; filter: Omit<FeedFilter, 'limit' | 'after'>; index: string }[] = [
    { who: 'a coordinator', filter: { coordinator: true }, index: 'feed_line_at' },
    { who: 'a coordinator on TV', filter: { coordinator: true, platform: Platform.TV }, index: 'feed_line_platform_at' },
    { who: 'anyone', filter: { coordinator: false }, index: 'feed_line_public_at' },
    { who: 'anyone on COMMITTEE', filter: { coordinator: false, platform: Platform.COMMITTEE }, index: 'feed_line_public_platform_at' },
  ];

  it.each(readers)("a page for $who is a range of $index: no Seq Scan, no more rows read than the page's", async ({ filter, index }) => {
    // the first page, and one deep in the years behind it (after the 3,000th line the reader sees)
    const visible = `SELECT key, ${cursorTimeSql('occurred_at')} AS at FROM feed_line WHERE (public OR $1) AND ($2::text IS NULL OR platform::text = $2)
                     ORDER BY occurred_at DESC, key DESC OFFSET 2999 LIMIT 1`;
    const [deep] = await t.db.query(visible, [filter.coordinator, filter.platform ?? null]);
    for (const after of [undefined, [deep.at, deep.key] as [string, string]]) {
      const plan = await explain(feedQueries({ ...filter, after, limit: 21 }).page);
      expect(plan.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
      const feed = plan.filter((n) => n['Relation Name'] === 'feed_line');
      expect(feed.map((n) => [n['Node Type'], n['Index Name']])).toEqual([['Index Scan', index]]);
      expect(feed[0]['Actual Rows']).toBe(21);
      expect(feed[0]['Rows Removed by Filter'] ?? 0).toBe(0);
      // the page's texts: a primary-key lookup per row, in event, joint_action or tv_activity
      for (const n of plan.filter((p) => ['event', 'joint_action', 'tv_activity'].includes(p['Relation Name'] ?? ''))) {
        expect([n['Node Type'], n['Index Name']]).toEqual(['Index Scan', `${n['Relation Name']}_pkey`]);
      }
      expect(plan.filter((n) => n['Node Type'] === 'Sort').every((n) => n['Actual Rows'] <= 21)).toBe(true);
    }
  });

  it.each(readers)('the count for $who is one pass over feed_line alone, and exact', async ({ filter }) => {
    const q = feedQueries({ ...filter, limit: 21 }).count;
    const scans = (await explain(q)).filter((n) => n['Relation Name']);
    expect(scans.map((n) => n['Relation Name'])).toEqual(['feed_line']);
    // a platform's lines are a range of its index; the whole feed, the narrow table itself or an
    // index of it, whichever the planner finds cheaper (the heap is the smaller here)
    expect(filter.platform ? ['Index Only Scan'] : ['Seq Scan', 'Index Only Scan']).toContain(scans[0]['Node Type']);
    const [{ n }] = await t.db.query(...q);
    const [{ expected }] = await t.db.query(
      `SELECT count(*)::int AS expected FROM (${UNION}) u WHERE (public OR $1) AND ($2::text IS NULL OR platform = $2)`,
      [filter.coordinator, filter.platform ?? null],
    );
    expect(n).toBe(expected);
  });

  it("pages through the API in the union's order, and a cursor made as before lands where it did", async () => {
    const order = (platform: string | null, offset: number, limit: number) =>
      t.db.query(
        `SELECT key, ${cursorTimeSql('occurred_at')} AS at FROM (${UNION}) u WHERE public AND ($1::text IS NULL OR platform = $1)
         ORDER BY occurred_at DESC, key DESC OFFSET $2 LIMIT $3`,
        [platform, offset, limit],
      );
    for (const [platform, deep] of [[null, 12_000], ['TV', 3_000]] as const) {
      const seen: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 3; i++) {
        const page = (await t.gql(FEED, { platform, first: 100, after })).data.activityFeed;
        seen.push(...page.edges.map((e: any) => e.node.id));
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual((await order(platform, 0, 300)).map((r: { key: string }) => r.key));
      // a cursor as the union's feed wrote it, thousands of lines in
      const [mark] = await order(platform, deep - 1, 1);
      const later = await order(platform, deep, 50);
      const page = (await t.gql(FEED, { platform, first: 50, after: encodeCursor([mark.at, mark.key]) })).data.activityFeed;
      expect(page.edges.map((e: any) => e.node.id)).toEqual(later.map((r: { key: string }) => r.key));
    }
  });
});
