import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput, DomainError } from '../common/errors/domain-error.js';
import { JobsService } from '../common/queue/jobs.service.js';
import { ThemeService } from '../graph/theme.service.js';
import { Generation, GENERATIONS, Sector, Stance } from './committee.enums.js';
import type { PerspectiveMapArgs } from './committee.inputs.js';
import type { Perspective, PerspectiveMap } from './committee.models.js';
import { CommitteeService, PERSPECTIVE_COLUMNS } from './committee.service.js';
import { keywords, summarize, suppressSmall } from './map/aggregate.js';
import { computeOpinionGroups, type StanceCell } from './map/opinion-groups.js';

/** Which perspectives a map covers: one meeting, or the committee meetings starting in [from, to). */
export interface MapScope {
  key: string;
  eventId?: string;
  from?: Date;
  to?: Date;
}

/** The groups as stored and shown: perspective ids and sizes only, never who is in which group. */
export interface StoredGroups {
  groups: { id: number; size: number; representative: string[] }[];
  consensus: string[];
  divisive: string[];
}

interface ScopeData {
  perspectives: Perspective[];
  stances: { perspectiveId: string; userId: string; stance: Stance }[];
  people: Map<string, { generation: Generation | null; sector: Sector | null }>;
  fingerprint: string;
}

export interface FullMap extends PerspectiveMap {
  /** perspectives by theme key and generation bucket (null: other or not declared), for the picture */
  themeByGeneration: { theme: string; label: string; counts: Map<Generation | null, number> }[];
  generationBuckets: (Generation | null)[];
}

/**
 * The longest date range of a map: one fiscal year (年度, April to March) with its leap day, the
 * period of the city's annual report on the committee. Longer comparisons are several maps.
 */
export const MAX_RANGE_DAYS = 366;

@Injectable()
export class PerspectiveMapService {
  /** participants × perspectives above which opinion groups are computed on the worker */
  static inlineLimit = 2000;
  /**
   * The most perspectives and stances one map loads; past them the map is refused, not cut. Its
   * readers are the city's report writers, who quote its counts ("N人が参加し、M件の視点") and its
   * consensus: a map of only the newest perspectives would look complete and be wrong, and
   * PerspectiveMap has no field to say it is partial. A year of monthly meetings is about 600
   * perspectives and 20,000 stances; the caps are several times that and still a few seconds of
   * work (5,000 perspectives by 40 people with 200,000 stances: about 1.4 s in the API, 3 s for the
   * opinion groups on the worker).
   */
  static maxPerspectives = 5000;
  static maxStances = 200_000;
  private readonly logger = new Logger(PerspectiveMapService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly committee: CommitteeService,
    private readonly themes: ThemeService,
    private readonly jobs: JobsService,
  ) {}

  async scopeOf(args: PerspectiveMapArgs): Promise<MapScope> {
    const eventId = args.eventId ?? undefined;
    const from = args.from ?? undefined;
    const to = args.to ?? undefined;
    if (eventId !== undefined) {
      if (from || to) throw badInput([{ field: 'eventId', message: 'eventId と from/to は同時に指定できません' }]);
      await this.committee.meeting(eventId);
      return { key: `event.${eventId}`, eventId };
    }
    if (!from || !to) throw badInput([{ field: from ? 'to' : 'from', message: 'eventId か、期間 (from と to) を指定してください' }]);
    if (to.getTime() <= from.getTime()) throw badInput([{ field: 'to', message: 'to は from より後にしてください' }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86400_000) {
      throw badInput([{ field: 'to', message: `期間は${MAX_RANGE_DAYS}日までにしてください (the range may span at most ${MAX_RANGE_DAYS} days)` }]);
    }
    return { key: `range.${from.getTime()}.${to.getTime()}`, from, to };
  }

  /** A scope key as written by scopeOf (the worker gets only the key). */
  static parseKey(key: string): MapScope | null {
    let m = /^event\.([0-9a-f-]{36})$/.exec(key);
    if (m) return { key, eventId: m[1] };
    m = /^range\.(-?\d+)\.(-?\d+)$/.exec(key);
    if (m) return { key, from: new Date(Number(m[1])), to: new Date(Number(m[2])) };
    return null;
  }

  /** The perspectives of a scope, as SQL and its parameters. */
  private static where(scope: MapScope): { where: string; params: unknown[] } {
    return scope.eventId
      ? { where: 'p.event_id = $1', params: [scope.eventId] }
      : { where: `p.event_id IN (SELECT id FROM event WHERE platform = 'COMMITTEE' AND starts_at >= $1 AND starts_at < $2)`, params: [scope.from, scope.to] };
  }

  /**
   * Refuses (BAD_USER_INPUT) a scope holding more perspectives or stances than a map loads. Each
   * count stops one past its cap, so that measuring a huge range costs no more than the cap.
   */
  async assertWithinCaps(scope: MapScope): Promise<void> {
    const { where, params } = PerspectiveMapService.where(scope);
    const { maxPerspectives, maxStances } = PerspectiveMapService;
    const [n]: { perspectives: number; stances: number }[] = await this.db.query(
      `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM perspective p WHERE ${where} LIMIT ${maxPerspectives + 1}) x) AS perspectives,
              (SELECT count(*)::int FROM (SELECT 1 FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id WHERE ${where} LIMIT ${maxStances + 1}) y) AS stances`,
      params,
    );
    if (n.perspectives <= maxPerspectives && n.stances <= maxStances) return;
    const what =
      n.perspectives > maxPerspectives
        ? { ja: `視点が${maxPerspectives}件を超えています`, en: `more than ${maxPerspectives} perspectives` }
        : { ja: `賛否が${maxStances}件を超えています`, en: `more than ${maxStances} stances` };
    // a range can be narrowed; a single meeting that large cannot, and says so
    throw badInput(
      scope.eventId
        ? [{ field: 'eventId', message: `この会議は${what.ja}。地図にできる量を超えています (the meeting holds ${what.en}, more than one map covers)` }]
        : [{ field: 'to', message: `この期間には${what.ja}。期間を短くしてください (the range holds ${what.en}: choose a shorter one)` }],
    );
  }

  private async load(scope: MapScope): Promise<ScopeData> {
    const { where, params } = PerspectiveMapService.where(scope);
    const [perspectives, stances] = await Promise.all([
      this.db.query(`SELECT ${PERSPECTIVE_COLUMNS} FROM perspective p WHERE ${where} ORDER BY p.created_at, p.id`, params) as Promise<Perspective[]>,
      this.db.query(
        `SELECT s.perspective_id AS "perspectiveId", s.user_id AS "userId", s.stance FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id
         WHERE ${where} ORDER BY s.perspective_id, s.user_id`,
        params,
      ) as Promise<ScopeData['stances']>,
    ]);
    const ids = new Set<string>();
    for (const p of perspectives) if (p.authorId) ids.add(p.authorId);
    for (const s of stances) ids.add(s.userId);
    const found: { id: string; generation: Generation | null; sector: Sector | null }[] = ids.size
      ? await this.db.query('SELECT id, generation, sector FROM app_user WHERE id = ANY($1::uuid[])', [[...ids]])
      : [];
    const people = new Map(found.map((r) => [r.id, { generation: r.generation, sector: r.sector }]));
    const hash = createHash('sha256');
    for (const p of perspectives) hash.update(`${p.id};`);
    for (const s of stances) hash.update(`${s.perspectiveId}${s.userId}${s.stance};`);
    return { perspectives, stances, people, fingerprint: hash.digest('base64url').slice(0, 32) };
  }

  private groupsOf(data: ScopeData): StoredGroups {
    const voters = [...new Set(data.stances.map((s) => s.userId))];
    const voterIndex = new Map(voters.map((v, i) => [v, i]));
    const perspectiveIndex = new Map(data.perspectives.map((p, i) => [p.id, i]));
    const cells: StanceCell[] = data.stances.map((s) => ({
      p: voterIndex.get(s.userId)!,
      s: perspectiveIndex.get(s.perspectiveId)!,
      v: s.stance === Stance.AGREE ? 1 : s.stance === Stance.DISAGREE ? -1 : 0,
    }));
    const r = computeOpinionGroups(voters.length, data.perspectives.length, cells);
    const id = (i: number) => data.perspectives[i].id;
    return {
      groups: r.groups.map((g) => ({ id: g.id, size: g.members.length, representative: g.representative.map(id) })),
      consensus: r.consensus.map(id),
      divisive: r.divisive.map(id),
    };
  }

  /** The worker's job: compute the groups of a scope and keep them with the fingerprint of the stances they come from. */
  async computeAndCache(scopeKey: string): Promise<'computed' | 'up-to-date' | 'unknown-scope' | 'too-large'> {
    const scope = PerspectiveMapService.parseKey(scopeKey);
    if (!scope) return 'unknown-scope';
    try {
      await this.assertWithinCaps(scope);
    } catch (err) {
      // grown past the caps since the map asked: the next map request is refused, so nothing to compute (and nothing to retry)
      if (err instanceof DomainError) return 'too-large';
      throw err;
    }
    const data = await this.load(scope);
    const cached: { fingerprint: string }[] = await this.db.query('SELECT fingerprint FROM opinion_group_cache WHERE scope_key = $1', [scopeKey]);
    if (cached[0]?.fingerprint === data.fingerprint) return 'up-to-date';
    const groups = this.groupsOf(data);
    await this.db.query(
      `INSERT INTO opinion_group_cache (scope_key, fingerprint, result) VALUES ($1, $2, $3)
       ON CONFLICT (scope_key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, result = EXCLUDED.result, computed_at = now()`,
      [scopeKey, data.fingerprint, JSON.stringify(groups)],
    );
    return 'computed';
  }

  /** Small maps inline; large ones from the worker's cache (asking the worker when the stances changed). */
  private async groupsFor(scope: MapScope, data: ScopeData): Promise<{ groups: StoredGroups; pending: boolean }> {
    const voters = new Set(data.stances.map((s) => s.userId)).size;
    if (voters * data.perspectives.length <= PerspectiveMapService.inlineLimit) return { groups: this.groupsOf(data), pending: false };
    const cached: { fingerprint: string; result: StoredGroups }[] = await this.db.query('SELECT fingerprint, result FROM opinion_group_cache WHERE scope_key = $1', [scope.key]);
    if (cached[0]?.fingerprint === data.fingerprint) return { groups: cached[0].result, pending: false };
    try {
      await this.jobs.record(this.db, 'committee-opinion-groups', { scopeKey: scope.key, fingerprint: data.fingerprint });
      this.jobs.relaySoon();
    } catch (err) {
      this.logger.error(`could not ask the worker for opinion groups: ${err instanceof Error ? err.message : String(err)}`);
    }
    const known = new Set(data.perspectives.map((p) => p.id));
    const stale = cached[0]?.result ?? { groups: [], consensus: [], divisive: [] };
    // perspectives deleted since are left out of older results
    return {
      groups: {
        groups: stale.groups.map((g) => ({ ...g, representative: g.representative.filter((id) => known.has(id)) })),
        consensus: stale.consensus.filter((id) => known.has(id)),
        divisive: stale.divisive.filter((id) => known.has(id)),
      },
      pending: true,
    };
  }

  async map(scope: MapScope): Promise<FullMap> {
    await this.assertWithinCaps(scope);
    const data = await this.load(scope);
    const labels = new Map((await this.themes.all()).map((t) => [t.key, t.label]));
    const byId = new Map(data.perspectives.map((p) => [p.id, p]));

    const participants = [...data.people.keys()];
    const genCounts = new Map<Generation | null, number>();
    const secCounts = new Map<Sector | null, number>();
    for (const id of participants) {
      const who = data.people.get(id)!;
      genCounts.set(who.generation, (genCounts.get(who.generation) ?? 0) + 1);
      secCounts.set(who.sector, (secCounts.get(who.sector) ?? 0) + 1);
    }
    const byGeneration = suppressSmall(genCounts).map((c) => ({ generation: c.key, count: c.count }));
    const bySector = suppressSmall(secCounts).map((c) => ({ sector: c.key, count: c.count }));

    const themeCounts = new Map<string, number>();
    for (const p of data.perspectives) for (const t of p.themes) themeCounts.set(t, (themeCounts.get(t) ?? 0) + 1);
    const byTheme = [...themeCounts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([theme, count]) => ({ theme, label: labels.get(theme) ?? theme, count }));

    // the picture: themes by generation, with the same buckets as byGeneration (small ones merged)
    const shownGenerations = new Set(byGeneration.map((g) => g.generation).filter((g): g is Generation => g !== null));
    const generationBuckets: (Generation | null)[] = [...GENERATIONS.filter((g) => shownGenerations.has(g)), ...(byGeneration.some((g) => g.generation === null) ? [null] : [])];
    const themeByGeneration = byTheme.map((t) => ({ theme: t.theme, label: t.label, counts: new Map<Generation | null, number>() }));
    const themeRow = new Map(themeByGeneration.map((r) => [r.theme, r]));
    for (const p of data.perspectives) {
      const g = p.authorId ? (data.people.get(p.authorId)?.generation ?? null) : null;
      const bucket = g !== null && shownGenerations.has(g) ? g : null;
      if (bucket === null && !generationBuckets.includes(null)) continue;
      for (const t of p.themes) {
        const row = themeRow.get(t)!;
        row.counts.set(bucket, (row.counts.get(bucket) ?? 0) + 1);
      }
    }

    const words = keywords(data.perspectives.map((p) => p.text));
    const { groups, pending } = await this.groupsFor(scope, data);
    const pick = (ids: string[]) => ids.map((id) => byId.get(id)).filter((p): p is Perspective => !!p);
    const consensus = pick(groups.consensus);
    const divisive = pick(groups.divisive);
    const opinionGroups = groups.groups.map((g) => ({ id: g.id, size: g.size, representative: pick(g.representative) }));
    const summary = summarize({
      perspectives: data.perspectives.length,
      participants: participants.length,
      themes: byTheme,
      keywords: words.map((w) => w.term),
      groups: opinionGroups.length,
      consensus: consensus.map((p) => p.text),
      divisive: divisive.map((p) => p.text),
    });
    return {
      perspectives: data.perspectives.length,
      participants: participants.length,
      byTheme,
      byGeneration,
      bySector,
      keywords: words,
      consensus,
      divisive,
      opinionGroups,
      summary,
      groupsPending: pending,
      themeByGeneration,
      generationBuckets,
    };
  }
}
