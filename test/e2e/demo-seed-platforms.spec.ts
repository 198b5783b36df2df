import request from 'supertest';
import { COMMITTEE_AGENDA, COMMITTEE_HIGHLIGHTED, COMMITTEE_MEETING, COMMITTEE_MINUTES, COMMITTEE_PERSPECTIVES, COMMITTEE_RESIDENTS, COMMITTEE_STANCES } from '../../src/demo/committee-demo.js';
import { DEMO_EVENTS, DEMO_ORGANIZATIONS, DEMO_RESIDENTS } from '../../src/demo/core/index.js';
import { DEMO_CONTACT_CARDS, DEMO_DRILL, DEMO_NEEDS, DEMO_PLEDGES, DEMO_SCENARIOS } from '../../src/demo/preparedness-demo.js';
import { DEMO_LOGINS, demoEmail, SUPPORT_HELPER, SUPPORT_HELPER_NEED } from '../../src/demo/demo-logins.js';
import { TV_COMMENTS, TV_EPISODES, TV_PROGRAM } from '../../src/demo/tv-demo.js';
import type { TestApp } from '../support/app.js';
import { DEMO_NOW, JAPANESE, LOGIN, PASSWORD, startSeededDemo, stopSeededDemo, type SeededDemo } from '../support/demo-seed.js';
import type { TestUser } from '../support/factories.js';
import { waitUntil } from '../support/process.js';

/**
 * The sibling platforms in the demo (新地福委員会, 地福TV, みんなのもしも): seeded through their
 * services, placed in time, and no student among them.
 */
let t: TestApp;
let worker: SeededDemo['worker'];
let coordinator: TestUser;
let first: SeededDemo['first'];
const now = DEMO_NOW;

beforeAll(async () => {
  ({ t, worker, coordinator, first } = await startSeededDemo());
});
afterAll(() => stopSeededDemo({ t, worker }));

describe('seedDemoData', () => {
  describe('the sibling platforms', () => {
    const meetingTitle = DEMO_EVENTS.find((e) => e.key === COMMITTEE_MEETING)!.title;
    const tokenOf = async (email: string): Promise<string> => (await t.gql(LOGIN, { e: email, p: PASSWORD })).data.login.token;
    const bearer = (token: string) => ({ token });

    it('seeds each of them through their services, and says how much', () => {
      expect(first.platforms).toEqual({
        meetingId: expect.any(String),
        perspectives: COMMITTEE_PERSPECTIVES.length,
        stances: Object.values(COMMITTEE_STANCES).join('').replaceAll('|', '').replaceAll('.', '').length,
        episodes: TV_EPISODES.length,
        comments: TV_COMMENTS.length,
        scenarios: DEMO_SCENARIOS.length,
        responses: DEMO_SCENARIOS.reduce((n, sc) => n + sc.responses.length, 0),
        pledges: DEMO_PLEDGES.length,
        needs: DEMO_NEEDS.length,
        drills: 1,
        jointActions: { confirmed: 1, awaitingReplies: 1, cancelled: 1, proposed: expect.any(Number) },
      });
      expect(COMMITTEE_RESIDENTS.every((r) => DEMO_RESIDENTS.includes(r))).toBe(true);
    });

    it('新地福委員会: the past meeting has its agenda, minutes and a map with two camps, consensus and divisive statements', async () => {
      const token = await tokenOf(DEMO_RESIDENTS[0].email);
      const meeting = (await t.gql('query($id: ID!) { event(id: $id) { title platform agenda { title position } minutes } }', { id: first.platforms.meetingId }, bearer(token))).data.event;
      expect(meeting).toEqual({ title: meetingTitle, platform: 'COMMITTEE', agenda: COMMITTEE_AGENDA.map((title, i) => ({ title, position: i + 1 })), minutes: COMMITTEE_MINUTES });

      const map = await t.gql(
        `query($id: ID!) { perspectiveMap(eventId: $id) { perspectives participants byTheme { theme count } byGeneration { generation count }
           keywords { term } opinionGroups { id size representative { text } } consensus { text } divisive { text } summary } }`,
        { id: first.platforms.meetingId },
        bearer(token),
      );
      expect(map.errors).toBeUndefined();
      const m = map.data.perspectiveMap;
      expect(m.perspectives).toBe(COMMITTEE_PERSPECTIVES.length);
      expect(m.participants).toBe(Object.keys(COMMITTEE_STANCES).length);
      expect(m.opinionGroups.length).toBeGreaterThanOrEqual(2);
      for (const g of m.opinionGroups) expect(g.size).toBeGreaterThanOrEqual(3);
      expect(m.consensus.length).toBeGreaterThanOrEqual(1);
      expect(m.divisive.length).toBeGreaterThanOrEqual(1);
      // the two camps: SNS and online on one side, the community centre and 回覧板 on the other
      const reps = m.opinionGroups.map((g: { representative: { text: string }[] }) => g.representative.map((p) => p.text).join(' '));
      expect(reps.some((x: string) => x.includes('オンライン') || x.includes('SNS'))).toBe(true);
      expect(reps.some((x: string) => x.includes('回覧板') || x.includes('コミュニティセンター'))).toBe(true);
      expect(m.summary).toContain('意見のまとまり');
      expect(m.byGeneration.length).toBeGreaterThanOrEqual(4);
      expect(m.keywords.length).toBeGreaterThan(0);

      // anonymous perspectives show no author; the others their author's name, never a student's
      const list = (await t.gql('query($id: ID!) { perspectives(eventId: $id, first: 50) { totalCount edges { node { text authorName agreeCount disagreeCount } } } }', { id: first.platforms.meetingId }, bearer(token)))
        .data.perspectives;
      expect(list.totalCount).toBe(COMMITTEE_PERSPECTIVES.length);
      const anonymous = new Set(COMMITTEE_PERSPECTIVES.filter((p) => p.anonymous).map((p) => p.text));
      expect(anonymous.size).toBeGreaterThanOrEqual(2);
      for (const { node } of list.edges) {
        expect(node.authorName === null).toBe(anonymous.has(node.text));
        expect(node.agreeCount + node.disagreeCount).toBeGreaterThan(0);
      }

      const svg = await request(t.app.getHttpServer()).get(`/committee/meetings/${first.platforms.meetingId}/map.svg`).buffer(true).parse((res, cb) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => cb(null, body));
      });
      expect(svg.status).toBe(200);
      expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(svg.body).toContain('<svg');
      expect(svg.body).toContain(meetingTitle);
      expect(svg.body).toContain('30代');
      expect(svg.body).toContain('70代以上');
    });

    it('地福TV: the programme has the TV events as episodes, a replay, features from other platforms and comments on the replay', async () => {
      const res = await t.gql(
        `{ programs { title episodes(first: 20) { totalCount edges { node { title startsAt onlineUrl replayUrl
             featuredEvents { platform } comments(first: 20) { totalCount edges { node { authorName text atSecond } } } } } } } }`,
        {},
        bearer(coordinator.token),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.programs).toHaveLength(1);
      const program = res.data.programs[0];
      expect(program.title).toBe(TV_PROGRAM.title);
      expect(program.episodes.totalCount).toBe(TV_EPISODES.length);
      const episodes = program.episodes.edges.map((e: any) => e.node);
      const past = episodes.filter((e: any) => new Date(e.startsAt) < now);
      const upcoming = episodes.filter((e: any) => new Date(e.startsAt) > now);
      expect(past.length).toBeGreaterThanOrEqual(1);
      expect(upcoming.length).toBeGreaterThanOrEqual(1);
      expect(past[0].replayUrl).toMatch(/^https:\/\/tv\.chifuku\.example\/replay\/\d+$/);
      for (const e of upcoming) {
        expect(e.replayUrl).toBeNull();
        expect(e.onlineUrl).toMatch(/^https:\/\/tv\.chifuku\.example\/live\/\d+$/);
      }
      for (const e of episodes) {
        expect(e.featuredEvents.length).toBeGreaterThan(0);
        for (const f of e.featuredEvents) expect(f.platform).not.toBe('TV');
      }
      const onReplay = past[0].comments.edges.map((c: any) => c.node);
      expect(onReplay.length).toBeGreaterThanOrEqual(3);
      for (const c of onReplay) {
        expect(c.atSecond).toBeGreaterThan(0);
        expect(c.text).toMatch(JAPANESE);
      }
      expect(episodes.reduce((n: number, e: any) => n + e.comments.totalCount, 0)).toBe(TV_COMMENTS.length);
    });

    it('みんなのもしも: scenarios on the PREPAREDNESS events with responses and aggregates, and a resident\'s もしもプラン', async () => {
      // the resident the banner offers for her もしもプラン
      const token = await tokenOf(demoEmail(DEMO_LOGINS.find((l) => l.platform === 'resident')!.key));
      const res = await t.gql(
        `{ scenarios { title topic responseCount sessions { platform } responses(first: 50) { edges { node { authorName text } } }
             aggregates { responses needs { kind area count suppressed } offers { kind area count suppressed } } } }`,
        {},
        bearer(token),
      );
      expect(res.errors).toBeUndefined();
      const scenarios = res.data.scenarios;
      expect(scenarios).toHaveLength(DEMO_SCENARIOS.length);
      expect(new Set(scenarios.map((x: any) => x.topic))).toEqual(new Set(['DISASTER', 'INFECTION']));
      for (const sc of scenarios) {
        expect(sc.sessions.length).toBeGreaterThan(0);
        for (const e of sc.sessions) expect(e.platform).toBe('PREPAREDNESS');
        expect(sc.responseCount).toBe(DEMO_SCENARIOS.find((d) => d.title === sc.title)!.responses.length);
        expect(sc.aggregates.responses).toBe(sc.responseCount);
      }
      const flood = scenarios.find((x: any) => x.title.includes('筑後川'));
      // three or more people of an area make a row of their own; fewer are gathered or suppressed
      expect(flood.aggregates.offers).toContainEqual({ kind: 'CHECK_IN_CALL', area: '田主丸', count: 4, suppressed: false });
      expect(flood.aggregates.needs).toContainEqual({ kind: 'EVACUATION_ESCORT', area: null, count: 3, suppressed: false });
      expect([...flood.aggregates.needs, ...flood.aggregates.offers].some((x: any) => x.suppressed && x.count === null)).toBe(true);
      const anonymous = flood.responses.edges.filter((e: any) => e.node.authorName === null);
      expect(anonymous).toHaveLength(DEMO_SCENARIOS[0].responses.filter((r) => r.anonymous).length);

      const plan = (await t.gql('{ myPreparednessPlan { progress items { key done } } }', {}, bearer(token))).data.myPreparednessPlan;
      expect(plan.progress).toBeGreaterThan(0);
      expect(plan.progress).toBeLessThan(1);
      expect(plan.items.filter((i: any) => i.done).map((i: any) => i.key)).toEqual(expect.arrayContaining(['stockpile', 'hazard_map']));
    });

    it('みんなのもしも: a coordinator sees the needs under pseudonyms, and requestSupportMatching on the worker pairs helpers with them', async () => {
      const needs = (await t.gql('{ supportNeeds { label kinds area } }', {}, bearer(coordinator.token))).data.supportNeeds;
      expect(needs.map((n: any) => n.label).sort()).toEqual(DEMO_NEEDS.map((n) => n.label).sort());
      const names = [...DEMO_RESIDENTS, ...DEMO_ORGANIZATIONS.map((o) => o.member)].flatMap((a) => a.displayName.split(/[\s・]+/));
      for (const n of needs) for (const part of names) expect(n.label).not.toContain(part);

      const run = (await t.gql('mutation { requestSupportMatching { id } }', {}, bearer(coordinator.token))).data.requestSupportMatching;
      let status = '';
      await waitUntil(async () => {
        status = (await t.gql('query($id: ID!) { matchingRun(id: $id) { status } }', { id: run.id }, bearer(coordinator.token))).data.matchingRun.status;
        return status === 'COMPLETED' || status === 'FAILED';
      }, 30_000);
      expect(status).toBe('COMPLETED');
      const pairings = (await t.gql('{ supportPairings(status: PROPOSED) { kinds reasons need { label } pledge { area helper { displayName } } } }', {}, bearer(coordinator.token))).data.supportPairings;
      // the banner's helper is paired with the need it names
      const helper = DEMO_ORGANIZATIONS.find((o) => o.member.key === SUPPORT_HELPER)!.member.displayName;
      expect(pairings.filter((p: any) => p.pledge.helper.displayName === helper).map((p: any) => p.need.label)).toEqual([SUPPORT_HELPER_NEED]);
      expect(pairings.length).toBeGreaterThanOrEqual(1);
      // written so that every need finds a helper in its area
      expect(new Set(pairings.map((p: any) => p.need.label))).toEqual(new Set(DEMO_NEEDS.map((n) => n.label)));
      for (const p of pairings) {
        expect(p.pledge.area).toBe(DEMO_NEEDS.find((n) => n.label === p.need.label)!.area);
        for (const r of p.reasons) expect(r).toMatch(JAPANESE);
      }
    });

    it('みんなのもしも: a past disaster drill with its results, counted apart from real statistics; the needs have their cards', async () => {
      const [drill] = await t.db.query(`SELECT id FROM disaster WHERE drill`);
      const d = (await t.gql(
        `query($id: ID!) { disaster(id: $id) { title areas status drill startedAt endedAt safetyCounts { status count } board(first: 10) { edges { node { status note need { label } } } } } }`,
        { id: drill.id },
        bearer(coordinator.token),
      )).data.disaster;
      // held in April 2026 (the Sunday three weeks before 21 May): fiscal year 2026, 令和8年度
      expect(d).toMatchObject({ title: `令和8年度 ${DEMO_DRILL.title}`, areas: DEMO_DRILL.areas, status: 'ENDED', drill: true });
      expect(Date.parse(d.startedAt)).toBeLessThan(now.getTime() - DEMO_DRILL.daysBefore * 86_400_000 + 1000);
      expect(new Date(d.startedAt).getUTCDay()).toBe(0); // a Sunday, 9:00 in Kurume
      expect(new Date(d.startedAt).getUTCHours()).toBe(0);
      expect(Date.parse(d.endedAt) - Date.parse(d.startedAt)).toBe(DEMO_DRILL.hours * 3600_000);
      expect(d.safetyCounts).toEqual([
        { status: 'UNKNOWN', count: 0 }, { status: 'SAFE', count: 1 }, { status: 'NEEDS_HELP', count: 1 }, { status: 'EVACUATED', count: 1 }, { status: 'UNREACHABLE', count: 0 },
      ]);
      expect(d.board.edges.map((e: any) => [e.node.need.label, e.node.status])).toEqual([['要支援C', 'NEEDS_HELP'], ['要支援B', 'EVACUATED'], ['要支援A', 'SAFE']]);
      for (const e of d.board.edges) expect(e.node.note).toMatch(/^訓練: /);
      const needs = (await t.gql('{ supportNeeds { label safety hasContactCard } }', {}, bearer(coordinator.token))).data.supportNeeds;
      expect(needs.every((n: any) => n.safety === 'UNKNOWN' && n.hasContactCard)).toBe(true);
      const feed = (await t.gql('{ activityFeed(platform: PREPAREDNESS, first: 50) { edges { node { kind title occurredAt } } } }')).data.activityFeed.edges.map((e: any) => e.node);
      expect(feed.find((a: any) => a.kind === 'DISASTER_DECLARED')).toMatchObject({ title: expect.stringContaining('防災訓練: '), occurredAt: d.startedAt });
      expect((await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE kind = 'DISASTER_DECLARED'`))[0].n).toBe(0);
      // the cards hold fictional people only, sealed
      const cards = await t.db.query(`SELECT cipher FROM support_contact_card`);
      expect(cards).toHaveLength(DEMO_CONTACT_CARDS.length);
      for (const c of cards) for (const card of DEMO_CONTACT_CARDS) expect(c.cipher.includes(Buffer.from(card.name))).toBe(false);
      for (const card of DEMO_CONTACT_CARDS) expect(card.name).toContain('（架空）');
    });

    it('地福TV\'s feed carries the highlighted shared ground and the opened scenarios, for a reader who is not signed in', async () => {
      const feed = (await t.gql('{ activityFeed(first: 100) { edges { node { kind platform title } } } }')).data.activityFeed.edges.map((e: { node: unknown }) => e.node);
      const highlighted = feed.filter((a: { kind: string }) => a.kind === 'PERSPECTIVE_HIGHLIGHTED');
      expect(highlighted).toHaveLength(COMMITTEE_HIGHLIGHTED.length);
      for (const i of COMMITTEE_HIGHLIGHTED) {
        expect(highlighted.some((a: { title: string; platform: string }) => a.platform === 'COMMITTEE' && a.title.includes(COMMITTEE_PERSPECTIVES[i].text.slice(0, 20)))).toBe(true);
      }
      const opened = feed.filter((a: { kind: string }) => a.kind === 'SCENARIO_OPENED');
      expect(opened.map((a: { title: string }) => a.title).sort()).toEqual(DEMO_SCENARIOS.map((sc) => `みんなのもしも: ${sc.title}`).sort());
    });

    it('tells one story in time: each event announced weeks before it, a meeting\'s words during it, comments after the broadcast, nothing after now', async () => {
      const at = (d: string | Date) => new Date(d).getTime();
      const events: { id: string; key?: string; title: string; created_at: Date; starts_at: Date; ends_at: Date }[] = await t.db.query('SELECT id, title, created_at, starts_at, ends_at FROM event WHERE NOT gathering');
      const byTitle = new Map(events.map((e) => [e.title, e]));
      const byKey = (key: string) => byTitle.get(DEMO_EVENTS.find((e) => e.key === key)!.title)!;
      for (const e of events) {
        expect(at(e.created_at)).toBeLessThan(at(e.starts_at));
        expect(at(e.created_at)).toBeLessThanOrEqual(now.getTime());
      }
      expect(new Set(events.map((e) => at(e.created_at))).size).toBe(events.length);
      // an event that has taken place was announced four weeks before (so 「イベントの予定」 was true when its line was written)
      const past = events.filter((e) => at(e.starts_at) < now.getTime());
      expect(past.length).toBeGreaterThanOrEqual(4);
      for (const e of past) expect(at(e.starts_at) - at(e.created_at)).toBeGreaterThan(27 * 86_400_000);
      // people signed up after the announcement and before the start
      const [signUps] = await t.db.query(
        `SELECT count(*) FILTER (WHERE p.joined_at < e.created_at OR p.joined_at >= e.starts_at OR p.joined_at > $1)::int AS wrong, count(*)::int AS n
         FROM event_participant p JOIN event e ON e.id = p.event_id`,
        [now],
      );
      expect(signUps.n).toBeGreaterThan(0);
      expect(signUps.wrong).toBe(0);

      // the feed: every line at its source's time, none after now, no two event lines at one instant
      const feed: { kind: string; title: string; occurredAt: string }[] = (await t.gql('{ activityFeed(first: 100) { totalCount edges { node { kind title occurredAt } } } }', {}, bearer(coordinator.token)))
        .data.activityFeed.edges.map((e: { node: unknown }) => e.node);
      for (const line of feed) expect(at(line.occurredAt)).toBeLessThanOrEqual(now.getTime());
      const eventLines = feed.filter((l) => l.kind === 'EVENT_SCHEDULED' || l.kind === 'EPISODE_PUBLISHED');
      expect(eventLines).toHaveLength(DEMO_EVENTS.length);
      for (const line of eventLines) expect(at(line.occurredAt)).toBe(at(byTitle.get(line.title)!.created_at));

      // the past meeting: agenda a week before, perspectives (in the order posted) and stances during it, minutes and highlights after
      const meeting = byKey(COMMITTEE_MEETING);
      const [committee] = await t.db.query(
        `SELECT (SELECT max(created_at) FROM agenda_item WHERE event_id = $1) AS agenda,
                (SELECT min(updated_at) FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id WHERE p.event_id = $1) AS first_stance,
                (SELECT max(updated_at) FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id WHERE p.event_id = $1) AS last_stance,
                (SELECT count(*)::int FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id WHERE p.event_id = $1 AND s.updated_at <= p.created_at) AS stance_before_its_perspective,
                (SELECT updated_at FROM meeting_minutes WHERE event_id = $1) AS minutes`,
        [meeting.id],
      );
      expect(at(committee.agenda)).toBeLessThan(at(meeting.starts_at));
      expect(at(committee.first_stance)).toBeGreaterThan(at(meeting.starts_at));
      expect(at(committee.last_stance)).toBeLessThanOrEqual(at(meeting.ends_at));
      expect(committee.stance_before_its_perspective).toBe(0);
      expect(at(committee.minutes)).toBeGreaterThan(at(meeting.ends_at));
      expect(at(committee.minutes)).toBeLessThanOrEqual(now.getTime());
      const perspectives: { text: string; createdAt: string }[] = (
        await t.gql('query($id: ID!) { perspectives(eventId: $id, first: 50) { edges { node { text createdAt } } } }', { id: meeting.id }, bearer(coordinator.token))
      ).data.perspectives.edges.map((e: { node: unknown }) => e.node);
      expect(perspectives.map((p) => p.text)).toEqual(COMMITTEE_PERSPECTIVES.map((p) => p.text));
      for (const p of perspectives) {
        expect(at(p.createdAt)).toBeGreaterThan(at(meeting.starts_at));
        expect(at(p.createdAt)).toBeLessThan(at(meeting.ends_at));
      }
      const highlights = feed.filter((l) => l.kind === 'PERSPECTIVE_HIGHLIGHTED');
      expect(highlights).toHaveLength(COMMITTEE_HIGHLIGHTED.length);
      for (const h of highlights) expect(at(h.occurredAt)).toBeGreaterThan(at(committee.minutes));

      // 地福TV: the programme before its episodes were announced; comments on the replay after the
      // broadcast, those awaiting a live episode between its announcement and its start
      const program = (await t.gql(
        `{ programs { createdAt episodes(first: 20) { edges { node { title startsAt endsAt createdAt comments(first: 20) { edges { node { createdAt atSecond } } } } } } } }`,
        {},
        bearer(coordinator.token),
      )).data.programs[0];
      const episodes = program.episodes.edges.map((e: any) => e.node);
      for (const ep of episodes) expect(at(program.createdAt)).toBeLessThan(at(ep.createdAt));
      const comments = episodes.flatMap((ep: any) => ep.comments.edges.map((c: any) => ({ ...c.node, ep })));
      expect(comments).toHaveLength(TV_COMMENTS.length);
      const onReplay = comments.filter((c: any) => c.atSecond !== null);
      const beforeLive = comments.filter((c: any) => c.atSecond === null);
      expect(onReplay.length).toBe(TV_COMMENTS.filter((c) => c.atSecond !== null).length);
      expect(beforeLive.length).toBe(TV_COMMENTS.filter((c) => c.atSecond === null).length);
      for (const c of onReplay) expect(at(c.createdAt)).toBeGreaterThan(at(c.ep.endsAt));
      for (const c of beforeLive) {
        expect(at(c.createdAt)).toBeGreaterThan(at(c.ep.createdAt));
        expect(at(c.createdAt)).toBeLessThan(Math.min(at(c.ep.startsAt), now.getTime()));
      }
      for (const c of comments) expect(at(c.createdAt)).toBeLessThanOrEqual(now.getTime());

      // みんなのもしも: each scenario opened before its first session, its line with it, its responses after it
      const scenarios = (await t.gql('{ scenarios { title createdAt sessions { startsAt } responses(first: 50) { edges { node { createdAt } } } } }', {}, bearer(coordinator.token))).data.scenarios;
      expect(scenarios).toHaveLength(DEMO_SCENARIOS.length);
      for (const sc of scenarios) {
        expect(at(sc.createdAt)).toBeLessThan(Math.min(...sc.sessions.map((e: { startsAt: string }) => at(e.startsAt))));
        expect(at(sc.createdAt)).toBeLessThanOrEqual(now.getTime());
        expect(at(feed.find((l) => l.kind === 'SCENARIO_OPENED' && l.title === `みんなのもしも: ${sc.title}`)!.occurredAt)).toBe(at(sc.createdAt));
        for (const { node } of sc.responses.edges) {
          expect(at(node.createdAt)).toBeGreaterThan(at(sc.createdAt));
          expect(at(node.createdAt)).toBeLessThanOrEqual(now.getTime());
        }
      }
    });

    it('no student takes part in them: perspectives, stances, comments, responses and pledges are all adults\'', async () => {
      const [{ n }] = await t.db.query(
        `SELECT (SELECT count(*) FROM perspective p JOIN student s ON s.id = p.author_id) + (SELECT count(*) FROM perspective_stance x JOIN student s ON s.id = x.user_id)
              + (SELECT count(*) FROM tv_comment c JOIN student s ON s.id = c.author_id) + (SELECT count(*) FROM scenario_response r JOIN student s ON s.id = r.author_id)
              + (SELECT count(*) FROM support_pledge l JOIN student s ON s.id = l.helper_id) AS n`,
      );
      expect(Number(n)).toBe(0);
    });
  });
});
