import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput, DomainError } from '../common/errors/domain-error.js';
import { JobsService } from '../common/queue/jobs.service.js';
import { ThemeService } from '../graph/theme.service.js';
import { Generation, GENERATIONS, Sector, Stance, StanceDirection } from './committee.enums.js';
import type { PerspectiveMapArgs } from './committee.inputs.js';
import type { Perspective, PerspectiveMap } from './committee.models.js';
import { CommitteeService, PERSPECTIVE_COLUMNS } from './committee.service.js';
import { keywords as keywordsOf, summarize, suppressSmall } from './map/aggregate.js';
import { canonicalize, type CanonicalInputs } from './map/canonical.js';
import { CLUSTER_MIN_STANCES, computeMap, type MapResult } from './map/compute-map.js';
import { PerspectiveMapCache, type CachedMap } from './map/map-cache.js';

/** Which perspectives a map covers: one meeting, or the committee meetings starting in [from, to). */
export interface MapScope {
  key: string;
  eventId?: string;
  from?: Date;
  to?: Date;
}

type MapPerspective = Perspective & { authorGeneration: Generation | null };

interface ScopeData {
  perspectives: MapPerspective[];
  people: Map<string, { generation: Generation | null; sector: Sector | null }>;
  voters: number;
  canonical: CanonicalInputs;
}

/** The map's statistics and how to name their statements: by canonical index, the ids of that computation. */
interface Statistics {
  cached: CachedMap | null;
  statementIds: string[];
  pending: boolean;
}

export interface FullMap extends PerspectiveMap {
  /** perspectives by theme key and generation bucket (null: other or not declared), for the picture */
  themeByGeneration: { theme: string; label: string; counts: Map<Generation | null, number> }[];
  generationBuckets: (Generation | null)[];
}

const EMPTY_RESULT: MapResult = {
  minStancesToCluster: 1,
  clusteredParticipants: 0,
  silhouette: null,
  groups: [],
  consensus: [],
  consensusRanked: [],
  acrossGenerations: [],
  generations: 0,
  divisive: [],
  points: [],
  spread: [],
  keywords: [],
};

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
    private readonly cache: PerspectiveMapCache,
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

  /** Every input of the map, in canonical order (map/canonical.ts) with its fingerprint. */
  private async load(scope: MapScope): Promise<ScopeData> {
    const { where, params } = PerspectiveMapService.where(scope);
    const [perspectives, stances] = await Promise.all([
      this.db.query(
        `SELECT ${PERSPECTIVE_COLUMNS}, u.generation AS "authorGeneration" FROM perspective p LEFT JOIN app_user u ON u.id = p.author_id WHERE ${where} ORDER BY p.created_at, p.id`,
        params,
      ) as Promise<MapPerspective[]>,
      this.db.query(
        `SELECT s.perspective_id AS "perspectiveId", s.user_id AS "userId", s.stance FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id WHERE ${where}`,
        params,
      ) as Promise<{ perspectiveId: string; userId: string; stance: Stance }[]>,
    ]);
    const ids = new Set<string>();
    for (const p of perspectives) if (p.authorId) ids.add(p.authorId);
    const voters = new Set(stances.map((s) => s.userId));
    for (const v of voters) ids.add(v);
    const found: { id: string; generation: Generation | null; sector: Sector | null }[] = ids.size
      ? await this.db.query('SELECT id, generation, sector FROM app_user WHERE id = ANY($1::uuid[])', [[...ids]])
      : [];
    const people = new Map(found.map((r) => [r.id, { generation: r.generation, sector: r.sector }]));
    const canonical = canonicalize(
      perspectives.map((p) => ({ id: p.id, text: p.text, themes: p.themes, authorGeneration: p.authorGeneration })),
      found,
      stances.map((s) => ({ statementId: s.perspectiveId, personId: s.userId, v: s.stance === Stance.AGREE ? 1 : s.stance === Stance.DISAGREE ? -1 : 0 })),
    );
    return { perspectives, people, voters: voters.size, canonical };
  }

  private compute(data: ScopeData): Promise<CachedMap> {
    return this.cache.put(data.canonical.fingerprint, computeMap(data.canonical));
  }

  /** The worker's job: compute a scope's map and cache it under its fingerprint (idempotent). */
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
    const ids = data.canonical.statements.map((s) => s.id);
    if (await this.cache.get(data.canonical.fingerprint)) {
      await this.cache.point(scope.key, data.canonical.fingerprint, ids);
      return 'up-to-date';
    }
    await this.compute(data);
    await this.cache.point(scope.key, data.canonical.fingerprint, ids);
    return 'computed';
  }

  /**
   * The statistics of a scope's inputs: from the cache when their fingerprint is known; computed
   * here for small maps; for large ones asked of the worker, showing meanwhile the scope's last map.
   */
  private async statistics(scope: MapScope, data: ScopeData): Promise<Statistics> {
    const { fingerprint } = data.canonical;
    const ids = data.canonical.statements.map((s) => s.id);
    let cached = await this.cache.get(fingerprint);
    if (!cached && data.voters * data.perspectives.length <= PerspectiveMapService.inlineLimit) cached = await this.compute(data);
    if (cached) {
      await this.cache.point(scope.key, fingerprint, ids);
      return { cached, statementIds: ids, pending: false };
    }
    try {
      await this.jobs.record(this.db, 'committee-opinion-groups', { scopeKey: scope.key, fingerprint });
      this.jobs.relaySoon();
    } catch (err) {
      this.logger.error(`could not ask the worker for a perspective map: ${err instanceof Error ? err.message : String(err)}`);
    }
    const last = await this.cache.lastOf(scope.key);
    return last ? { cached: last, statementIds: last.statementIds, pending: true } : { cached: null, statementIds: [], pending: true };
  }

  /** Per perspective id: the spread of the groups' agreement (what nextPerspective favours), from the scope's last map. */
  async spreadsOf(scope: MapScope): Promise<Map<string, number>> {
    let last = await this.cache.lastOf(scope.key);
    if (!last) {
      try {
        await this.map(scope);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
      }
      last = await this.cache.lastOf(scope.key);
    }
    return new Map(last ? last.statementIds.map((id, i) => [id, last.result.spread[i] ?? 0]) : []);
  }

  async map(scope: MapScope): Promise<FullMap> {
    await this.assertWithinCaps(scope);
    const data = await this.load(scope);
    const labels = new Map((await this.themes.all()).map((t) => [t.key, t.label]));
    const byId = new Map<string, Perspective>(data.perspectives.map((p) => [p.id, p]));

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

    const stats = await this.statistics(scope, data);
    const r = stats.cached?.result ?? EMPTY_RESULT;
    // statements named by canonical index; a stale map may name perspectives deleted since
    const at = (i: number) => byId.get(stats.statementIds[i]);
    const pick = (xs: number[]) => xs.map(at).filter((p): p is Perspective => !!p);
    const scored = (xs: { s: number; score: number }[]) => xs.flatMap((x) => (at(x.s) ? [{ perspective: at(x.s)!, score: x.score }] : []));
    const opinionGroups = r.groups.map((g, id) => {
      const representativeStances = g.representatives.flatMap((x) =>
        at(x.s) ? [{ perspective: at(x.s)!, direction: x.direction === 'AGREE' ? StanceDirection.AGREE : StanceDirection.DISAGREE, groupRate: x.groupRate, otherRate: x.otherRate, z: x.z }] : [],
      );
      return { id, size: g.size, label: g.label, representativeStances, representative: representativeStances.map((x) => x.perspective) };
    });
    const consensus = pick(r.consensus);
    const consensusRanked = scored(r.consensusRanked);
    const acrossGenerations = scored(r.acrossGenerations);
    const divisive = pick(r.divisive);
    // while the worker computes, the words are those of the current texts (the statistics may be older)
    const keywords = stats.pending ? keywordsOf(data.perspectives.map((p) => p.text)) : r.keywords;
    const summary = summarize({
      perspectives: data.perspectives.length,
      participants: participants.length,
      themes: byTheme,
      keywords: keywords.map((w) => w.term),
      groups: opinionGroups.map((g) => g.label),
      consensus: consensus.map((p) => p.text),
      shared: consensusRanked.map((c) => c.perspective.text),
      acrossGenerations: { texts: acrossGenerations.map((c) => c.perspective.text), generations: r.generations },
      divisive: divisive.map((p) => p.text),
    });
    return {
      perspectives: data.perspectives.length,
      participants: participants.length,
      byTheme,
      byGeneration,
      bySector,
      keywords,
      consensus,
      divisive,
      opinionGroups,
      summary,
      groupsPending: stats.pending,
      clusteredParticipants: r.clusteredParticipants,
      minStancesToCluster: stats.pending ? Math.max(1, Math.min(CLUSTER_MIN_STANCES, data.perspectives.length)) : r.minStancesToCluster,
      consensusRanked,
      acrossGenerations,
      points: r.points,
      fingerprint: data.canonical.fingerprint,
      computedAt: stats.cached?.computedAt ?? new Date(),
      themeByGeneration,
      generationBuckets,
    };
  }
}
