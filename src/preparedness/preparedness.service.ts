import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { badInput, forbidden, notFound } from '../common/errors/domain-error.js';
import { hasRole, userIdOf, type Viewer } from '../common/graphql/context.js';
import type { Loaders } from '../common/graphql/loaders.js';
import { keysetPage, timeIdKeys } from '../common/graphql/keyset-page.js';
import { cursorTimeSql, type Page, type PageArgs } from '../common/graphql/pagination.js';
import { isUuid } from '../common/ids.js';
import { Platform } from '../graph/graph.enums.js';
import type { Event } from '../graph/graph.models.js';
import { authorNameFor, isStudentSql } from '../identity/author-name.policy.js';
import { Role } from '../identity/role.enum.js';
import { ActivityService, clip } from '../tv/activity.service.js';
import { ActivityKind } from '../tv/tv.models.js';
import { MIN_CELL, PLAN_ITEMS, PLAN_KEYS, type PreparednessTopic, type SupportKind } from './preparedness.enums.js';
import type { CreateScenarioInput, ScenarioResponseInput } from './preparedness.inputs.js';
import type { PreparednessPlan, Scenario, ScenarioAggregates, ScenarioResponse, SupportTally } from './preparedness.models.js';

const SCENARIO = `s.id, s.topic, s.title, s.prompt, s.created_at AS "createdAt",
  (SELECT count(*)::int FROM scenario_response r WHERE r.scenario_id = s.id) AS "responseCount"`;

type ResponseRow = Omit<ScenarioResponse, 'authorName'> & { anonymous: boolean; cursorAt: string; authorId: string; authorDisplayName: string; authorIsStudent: boolean };

/** A response as the viewer may see it: its author through the one rule of author-name.policy.ts. */
const present = (viewer: Viewer, { authorId, authorDisplayName, authorIsStudent, cursorAt: _cursor, ...r }: ResponseRow): ScenarioResponse & { cursorAt: string } => ({
  ...r,
  cursorAt: _cursor,
  authorName: authorNameFor(viewer, { id: authorId, displayName: authorDisplayName, isStudent: authorIsStudent }, { anonymous: r.anonymous }),
});

/** もしも cards and their dialogue, each person's もしもプラン. */
@Injectable()
export class PreparednessService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly activities: ActivityService,
  ) {}

  // ------------------------------------------------------------------ scenarios

  scenarios(topic?: PreparednessTopic): Promise<Scenario[]> {
    return rows<Scenario>(this.db, `SELECT ${SCENARIO} FROM scenario s WHERE ($1::preparedness_topic IS NULL OR s.topic = $1::preparedness_topic) ORDER BY s.created_at DESC, s.id LIMIT 200`, [
      topic ?? null,
    ]);
  }

  async scenario(id: string): Promise<Scenario | null> {
    if (!isUuid(id)) return null;
    const [s] = await rows<Scenario>(this.db, `SELECT ${SCENARIO} FROM scenario s WHERE s.id = $1`, [id]);
    return s ?? null;
  }

  /**
   * A coordinator, or an organisation member (a dialogue their organisation hosts). Sessions must
   * be PREPAREDNESS events. The scenario's SCENARIO_OPENED line of the feed is written in the same
   * transaction, so the feed never lists a scenario that was not created, nor misses one that was.
   */
  async createScenario(viewer: Viewer, input: CreateScenarioInput): Promise<Scenario> {
    if (viewer.kind !== 'user' || !(hasRole(viewer, Role.COORDINATOR) || hasRole(viewer, Role.ORGANIZATION_MEMBER))) throw forbidden();
    const sessions = input.sessionEventIds ?? [];
    return this.db.transaction(async (tx) => {
      let found: { id: string; platform: string; startsAt: Date }[] = [];
      if (sessions.length) {
        found = await rows(tx, 'SELECT id, platform, starts_at AS "startsAt" FROM event WHERE id = ANY($1::uuid[])', [sessions]);
        const errors = sessions.flatMap((id, i) => {
          const e = found.find((f) => f.id === id);
          if (!e) return [{ field: `input.sessionEventIds.${i}`, message: 'イベントが見つかりません' }];
          if (e.platform !== Platform.PREPAREDNESS) return [{ field: `input.sessionEventIds.${i}`, message: 'そなえる (PREPAREDNESS) のイベントを選んでください' }];
          return [];
        });
        if (errors.length) throw badInput(errors);
      }
      const [s] = await rows<{ id: string }>(tx, 'INSERT INTO scenario (topic, title, prompt, created_by) VALUES ($1, $2, $3, $4) RETURNING id', [
        input.topic,
        input.title,
        input.prompt,
        viewer.userId,
      ]);
      if (sessions.length) await tx.query('INSERT INTO scenario_session (scenario_id, event_id) SELECT $1, unnest($2::uuid[])', [s.id, sessions]);
      // the feed links the dialogue a reader can join first: the earliest session
      const first = [...found].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id))[0];
      await this.activities.record(tx, {
        kind: ActivityKind.SCENARIO_OPENED,
        platform: Platform.PREPAREDNESS,
        title: `みんなのもしも: ${clip(input.title, 100)}`,
        eventId: first?.id ?? null,
        dedupeKey: `scenario:${s.id}`,
        scenarioId: s.id,
        public: true,
      });
      const [created] = await rows<Scenario>(tx, `SELECT ${SCENARIO} FROM scenario s WHERE s.id = $1`, [s.id]);
      return created;
    });
  }

  sessions(loaders: Loaders, scenarioId: string): Promise<Event[]> {
    return loaders
      .get<string, Event[]>('scenarioSessions', async (ids) => {
        const found = await rows<Event & { scenarioId: string }>(
          this.db,
          `SELECT ss.scenario_id AS "scenarioId", e.id, e.platform, e.title, e.description, e.starts_at AS "startsAt", e.ends_at AS "endsAt", e.mode, e.location,
                  e.online_url AS "onlineUrl", e.capacity, e.host_organization_id AS "hostOrganizationId", e.participant_count AS "participantCount", e.created_at AS "createdAt"
           FROM scenario_session ss JOIN event e ON e.id = ss.event_id WHERE ss.scenario_id = ANY($1::uuid[]) ORDER BY e.starts_at, e.id`,
          [ids],
        );
        return ids.map((id) => found.filter((e) => e.scenarioId === id));
      })
      .load(scenarioId);
  }

  // ------------------------------------------------------------------ responses

  async respond(viewer: Viewer, scenarioId: string, input: ScenarioResponseInput): Promise<ScenarioResponse> {
    const userId = userIdOf(viewer);
    if (!isUuid(scenarioId) || !(await this.scenario(scenarioId))) throw notFound('シナリオ');
    // the latest drill of this scenario that has taken place: this response then counts as after a drill
    const [r] = await rows<ResponseRow>(
      this.db,
      `INSERT INTO scenario_response (scenario_id, author_id, text, needs, can_help_with, anonymous, after_drill_event_id)
       VALUES ($1, $2, $3, $4::support_kind[], $5::support_kind[], $6,
         (SELECT e.id FROM scenario_session ss JOIN event e ON e.id = ss.event_id
          WHERE ss.scenario_id = $1 AND e.starts_at <= now() AND EXISTS (SELECT 1 FROM support_pairing p WHERE p.drill_event_id = e.id)
          ORDER BY e.starts_at DESC LIMIT 1))
       RETURNING id, text, needs::text[] AS needs, can_help_with::text[] AS "canHelpWith", anonymous, created_at AS "createdAt",
         after_drill_event_id IS NOT NULL AS "afterDrill", author_id AS "authorId", '' AS "cursorAt",
         (SELECT u.display_name FROM app_user u WHERE u.id = $2) AS "authorDisplayName", (SELECT ${isStudentSql('u')} FROM app_user u WHERE u.id = $2) AS "authorIsStudent"`,
      [scenarioId, userId, input.text, input.needs, input.canHelpWith, input.anonymous ?? false],
    );
    return present(viewer, r);
  }

  /** Oldest first. An anonymous response shows no author to anyone but coordinators. */
  async responses(viewer: Viewer, scenarioId: string, page: PageArgs): Promise<Page<ScenarioResponse>> {
    return keysetPage<ResponseRow, ScenarioResponse & { cursorAt: string }>(
      this.db,
      {
        columns: `r.id, r.text, r.needs::text[] AS needs, r.can_help_with::text[] AS "canHelpWith", r.anonymous, r.created_at AS "createdAt",
                r.after_drill_event_id IS NOT NULL AS "afterDrill", r.author_id AS "authorId", u.display_name AS "authorDisplayName",
                ${isStudentSql('u')} AS "authorIsStudent", ${cursorTimeSql('r.created_at')} AS "cursorAt"`,
        from: 'scenario_response r JOIN app_user u ON u.id = r.author_id',
        countFrom: 'scenario_response r',
        where: ['r.scenario_id = $1'],
        params: [scenarioId],
        keys: timeIdKeys('r.created_at', 'r.id'),
        direction: 'ASC',
      },
      { ...page, nodes: (found) => found.map((r) => present(viewer, r)), cursor: (r) => [r.cursorAt, r.id] },
    );
  }

  /**
   * Needs and offers of help by kind and the responders' area, counting people. A cell of fewer
   * than MIN_CELL people is not shown alone: such cells of a kind are gathered into one row with
   * area null, itself suppressed when still below MIN_CELL (so no difference reveals a small cell).
   */
  async aggregates(scenarioId: string): Promise<ScenarioAggregates> {
    const [cells, [totals]] = await Promise.all([
      rows<{ side: 'need' | 'offer'; kind: SupportKind; area: string; n: number }>(
        this.db,
        `SELECT side, kind::text AS kind, area, count(DISTINCT author_id)::int AS n FROM (
           SELECT 'need' AS side, unnest(r.needs) AS kind, coalesce(nullif(u.area, ''), '地区未設定') AS area, r.author_id
           FROM scenario_response r JOIN app_user u ON u.id = r.author_id WHERE r.scenario_id = $1
           UNION ALL
           SELECT 'offer', unnest(r.can_help_with), coalesce(nullif(u.area, ''), '地区未設定'), r.author_id
           FROM scenario_response r JOIN app_user u ON u.id = r.author_id WHERE r.scenario_id = $1
         ) x GROUP BY side, kind, area ORDER BY side, kind, area`,
        [scenarioId],
      ),
      rows<{ responses: number; afterDrills: number }>(
        this.db,
        `SELECT count(*)::int AS responses, count(*) FILTER (WHERE after_drill_event_id IS NOT NULL)::int AS "afterDrills" FROM scenario_response WHERE scenario_id = $1`,
        [scenarioId],
      ),
    ]);
    const tally = (side: 'need' | 'offer'): SupportTally[] => {
      const out: SupportTally[] = [];
      const kinds = [...new Set(cells.filter((c) => c.side === side).map((c) => c.kind))];
      for (const kind of kinds) {
        const mine = cells.filter((c) => c.side === side && c.kind === kind);
        let small = 0;
        for (const c of mine) {
          if (c.n >= MIN_CELL) out.push({ kind, area: c.area, count: c.n, suppressed: false });
          else small += c.n;
        }
        if (small > 0) out.push(small >= MIN_CELL ? { kind, area: null, count: small, suppressed: false } : { kind, area: null, count: null, suppressed: true });
      }
      return out;
    };
    return { responses: totals.responses, responsesAfterDrills: totals.afterDrills, needs: tally('need'), offers: tally('offer') };
  }

  // ------------------------------------------------------------------ もしもプラン

  async plan(userId: string): Promise<PreparednessPlan> {
    const done = await rows<{ key: string; done: boolean }>(this.db, 'SELECT key, done FROM preparedness_plan_item WHERE user_id = $1', [userId]);
    const byKey = new Map(done.map((d) => [d.key, d.done]));
    const items = PLAN_ITEMS.map((i) => ({ key: i.key, label: i.label, done: byKey.get(i.key) ?? false }));
    return { items, progress: items.filter((i) => i.done).length / items.length };
  }

  async setPlanItem(userId: string, key: string, done: boolean): Promise<PreparednessPlan> {
    if (!PLAN_KEYS.has(key)) throw badInput([{ field: 'key', message: `未知の項目です (one of ${[...PLAN_KEYS].join(', ')})` }]);
    await this.db.query(
      `INSERT INTO preparedness_plan_item (user_id, key, done) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, key) DO UPDATE SET done = EXCLUDED.done, updated_at = now()`,
      [userId, key, done],
    );
    return this.plan(userId);
  }

  async displayName(userId: string): Promise<string> {
    const [u] = await rows<{ name: string }>(this.db, 'SELECT display_name AS name FROM app_user WHERE id = $1', [userId]);
    return u?.name ?? '';
  }
}
