import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { badInput, conflict, forbidden, notFound } from '../common/errors/domain-error.js';
import { hasRole, type Viewer } from '../common/graphql/context.js';
import { byKeys, type Loaders } from '../common/graphql/loaders.js';
import { keysetPage, timeIdKeys } from '../common/graphql/keyset-page.js';
import { cursorTimeSql, decodeTimeIdCursor, DEFAULT_PAGE, encodeCursor, toPage, type Page, type PageArgs } from '../common/graphql/pagination.js';
import { isUuid } from '../common/ids.js';
import { JOINED_ORGANIZATION_COLUMNS, OrganizationService, type JoinedOrganization } from '../graph/organization.service.js';
import { ThemeService } from '../graph/theme.service.js';
import { Role } from '../identity/role.enum.js';
import { OFFER_MATCHING, type OfferMatching } from './offer-matching.events.js';
import { OfferStatus } from './offer.enums.js';
import type { Organization } from './organization.models.js';
import type { Offer } from './offer.models.js';
import type { CreateOfferInput, OfferFilter } from './offer.inputs.js';
import { OrganizationAccess, type OfferScope } from './organization-access.service.js';

/** The columns of an offer card: every plain field of Offer but its description and times, from `offer o`. */
const OFFER_CARD_COLUMNS = `o.id, o.organization_id AS "organizationId", o.title, o.themes, o.capacity,
  o.capacity - o.approved_count AS "remainingCapacity", o.min_participants AS "minParticipants", o.stages::text[] AS stages, o.area, o.mode, o.slots::text[] AS slots,
  o.status, ${cursorTimeSql('o.created_at')} AS "cursorAt"`;

/** Every column of Offer, from `offer o`; arrays of enums come back as text[] (pg does not know their types). */
export const OFFER_COLUMNS = `${OFFER_CARD_COLUMNS}, o.description, o.created_at AS "createdAt", o.published_at AS "publishedAt", o.closed_at AS "closedAt"`;

/** The row of `offer o` as one JSON value, keyed as OFFER_COLUMNS' aliases. */
const OFFER_ROW_JSON = `(SELECT row_to_json(x) FROM (SELECT ${OFFER_COLUMNS}) x)`;

/**
 * Less than the row, for a list that shows no more of its offers (`OFFER_CARD_FIELDS`, proved by
 * `selectsOnly`): the row without its description and times, the widest part of it to read and
 * parse. An offer read so has those fields absent; they are never asked for then.
 */
export const OFFER_CARD_FIELDS: ReadonlySet<string> = new Set([
  'id', 'title', 'themes', 'capacity', 'remainingCapacity', 'minParticipants', 'stages', 'area', 'mode', 'slots', 'status', 'organization',
]);
const OFFER_CARD_JSON = `(SELECT row_to_json(x) FROM (SELECT ${OFFER_CARD_COLUMNS}) x)`;
/** An offer's organisation as a list of cards may show it: its id and name (`ORGANIZATION_NAME_FIELDS`). */
export const ORGANIZATION_NAME_FIELDS: ReadonlySet<string> = new Set(['id', 'name']);

/** An offer as JSON: its keys OFFER_COLUMNS' aliases, its times ISO text (`offerFromJson` makes it an Offer). */
export type OfferJson = Omit<Offer, 'createdAt' | 'publishedAt' | 'closedAt'> & { createdAt: string; publishedAt: string | null; closedAt: string | null };

/**
 * The offer whose id is `idSql`, as one JSON value (null when there is none), for another module's
 * statement that reads its rows' offers with them (a page of proposals: Proposal.offer without a
 * statement of its own). Same columns as `byId`, WITHOUT a visibility check, like `byId`.
 */
export const offerJsonSql = (idSql: string): string => `(SELECT ${OFFER_ROW_JSON} FROM offer o WHERE o.id = ${idSql})`;

/**
 * Less than the row: an offer's id and title, for another module's page that shows no more of its
 * offers (a page of proposals: `offer { title }`), which reads `offerTitleJsonSql` only when
 * `selectsOnly` proves it (OFFER_TITLE_FIELDS). `offerFromTitleJson` makes one an Offer whose other
 * fields are absent: they are never asked for, and Offer.organization would fail (no organisation),
 * not answer another's.
 */
export const OFFER_TITLE_FIELDS: ReadonlySet<string> = new Set(['id', 'title']);
export type OfferTitleJson = Pick<Offer, 'id' | 'title'>;
export const offerTitleJsonSql = (idSql: string): string => `(SELECT json_build_object('id', o.id, 'title', o.title) FROM offer o WHERE o.id = ${idSql})`;
export const offerFromTitleJson = (j: OfferTitleJson): Offer => ({ id: j.id, title: j.title }) as Offer;

export const offerFromJson = (j: OfferJson): Offer => ({
  ...j,
  createdAt: new Date(j.createdAt),
  publishedAt: j.publishedAt === null ? null : new Date(j.publishedAt),
  closedAt: j.closedAt === null ? null : new Date(j.closedAt),
});

const OFFER = '募集 (offer)';
const offerKeyset = (o: Offer): [string, string] => [o.cursorAt, o.id];
const cursorOf = (o: Offer) => encodeCursor(offerKeyset(o));

/** Adds a parameter and returns its placeholder. */
const bind = (params: unknown[], value: unknown) => `$${params.push(value)}`;

/**
 * The SQL condition (on `offer o JOIN organization g`) of what the scope may see: coordinators
 * everything; others the OPEN offers of verified organisations and any offer of their own organisations.
 */
function visibleSql(scope: OfferScope, params: unknown[]): string {
  if (scope.all) return 'TRUE';
  // without organisations of their own the condition stays simple enough for the (status, created_at, id) index
  if (!scope.memberOrgIds.length) return `(o.status = 'OPEN' AND g.verified)`;
  return `((o.status = 'OPEN' AND g.verified) OR o.organization_id = ANY(${bind(params, scope.memberOrgIds)}::uuid[]))`;
}

/** Offers: creation, the DRAFT → OPEN → CLOSED life cycle, and reads under the visibility rules. */
@Injectable()
export class OfferService {
  private readonly logger = new Logger(OfferService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: OrganizationAccess,
    private readonly organizations: OrganizationService,
    private readonly themes: ThemeService,
    @Inject(OFFER_MATCHING) private readonly matching: OfferMatching,
  ) {}

  // ------------------------------------------------------------------ reads

  /**
   * Batched per request, WITHOUT a visibility check: for other modules' fields whose parent the
   * viewer may already see (a coordinator's Proposal.offer, a JointAction.offer). Unknown ids give null.
   */
  byId(loaders: Loaders, id: string): Promise<Offer | null> {
    return loaders
      .get<string, Offer | null>('offerById', async (ids) => {
        const valid = ids.filter(isUuid);
        const found: Offer[] = valid.length ? await this.db.query(`SELECT ${OFFER_COLUMNS} FROM offer o WHERE o.id = ANY($1::uuid[])`, [valid]) : [];
        return byKeys(ids, found, (o) => o.id);
      })
      .load(id);
  }

  /** The offer when the viewer may see it, null otherwise (whether it exists or not). */
  async visibleById(loaders: Loaders, viewer: Viewer, id: string): Promise<Offer | null> {
    const scope = await this.access.offerScope(loaders, viewer);
    const offer = await this.byId(loaders, id);
    if (!offer) return null;
    return (await this.canSee(loaders, scope, offer)) ? offer : null;
  }

  /** Whether the scope may see this offer (loads its organisation through the request's loader when needed). */
  async canSee(loaders: Loaders, scope: OfferScope, offer: Pick<Offer, 'organizationId' | 'status'>): Promise<boolean> {
    if (scope.all || scope.memberOrgIds.includes(offer.organizationId)) return true;
    if (offer.status !== OfferStatus.OPEN) return false;
    return (await this.organizations.byId(loaders, offer.organizationId))?.verified === true;
  }

  /** `offers`: what the viewer may see, filtered, newest first (created_at desc, id desc). */
  async list(
    loaders: Loaders,
    viewer: Viewer,
    filter: OfferFilter | undefined,
    page: PageArgs,
    /** what the caller proved the query asks no more of: the offers as cards, their organisations as names */
    read: { cards?: boolean; organizationNames?: boolean } = {},
  ): Promise<Page<Offer>> {
    const scope = await this.access.offerScope(loaders, viewer);
    const first = page.first ?? DEFAULT_PAGE;
    if (filter?.theme !== undefined) await this.themes.assertKnown([{ keys: [filter.theme], field: 'filter.theme' }]);
    if (filter?.organizationId && !isUuid(filter.organizationId)) throw badInput([{ field: 'filter.organizationId', message: 'organizationId が正しくありません' }]);
    const params: unknown[] = [];
    const where = [visibleSql(scope, params)];
    if (filter?.status) where.push(`o.status = ${bind(params, filter.status)}::offer_status`);
    if (filter?.theme !== undefined) where.push(`${bind(params, filter.theme)} = ANY(o.themes)`);
    if (filter?.organizationId) where.push(`o.organization_id = ${bind(params, filter.organizationId)}::uuid`);
    type Row = { offer: OfferJson; org: Omit<JoinedOrganization, 'g_createdAt'> & { g_createdAt: string } };
    const names = read.organizationNames === true;
    return keysetPage<Row, Offer>(
      this.db,
      {
        // the organisations are joined anyway (visibility): their rows go to the request's loader
        // in the same statement, for the `organization` a page of offers always asks for next
        // each row as two JSON values (pg hands them to JSON.parse) rather than 23 columns, whose
        // dates and arrays pg's JavaScript parsers read one by one: a fifth less work for a page
        columns: `${read.cards ? OFFER_CARD_JSON : OFFER_ROW_JSON} AS offer, ${
          names ? `json_build_object('g_id', g.id, 'g_name', g.name)` : `(SELECT row_to_json(y) FROM (SELECT ${JOINED_ORGANIZATION_COLUMNS}) y)`
        } AS org`,
        from: 'offer o JOIN organization g ON g.id = o.organization_id',
        where,
        params,
        keys: timeIdKeys('o.created_at', 'o.id'),
        direction: 'DESC',
      },
      {
        first,
        after: page.after,
        nodes: (joined) => {
          // names only never go to the request's loader, where another field could find them and miss the rest
          const organizations = names
            ? joined.map(({ org }) => ({ id: org.g_id, name: org.g_name }) as Organization)
            : this.organizations.share(loaders, joined.map(({ org }) => ({ ...org, g_createdAt: new Date(org.g_createdAt) })));
          // each offer carries its organisation: `organization` answers at once, without a loader's promise
          return joined.map(({ offer }, i) => ({ ...(read.cards ? (offer as unknown as Offer) : offerFromJson(offer)), read: { organization: organizations[i] } }));
        },
        cursor: offerKeyset,
      },
    );
  }

  /**
   * `Organization.offers`: one organisation's offers the viewer may see. Batched: the organisations of
   * one page (with the same `first`/`after`) cost two queries together, not two each.
   */
  ofOrganization(loaders: Loaders, viewer: Viewer, organizationId: string, page: PageArgs): Promise<Page<Offer>> {
    const first = page.first ?? DEFAULT_PAGE;
    const keyset = page.after ? decodeTimeIdCursor(page.after) : undefined;
    return loaders
      .get<string, Page<Offer>>(`offersOfOrganization:${first}:${page.after ?? ''}`, async (orgIds) => {
        const scope = await this.access.offerScope(loaders, viewer);
        const params: unknown[] = [orgIds];
        const where = ['o.organization_id = ANY($1::uuid[])', visibleSql(scope, params)];
        const countParams = [...params];
        const countWhere = where.join(' AND ');
        if (keyset) where.push(`(o.created_at, o.id) < (${bind(params, keyset[0])}::timestamptz, ${bind(params, keyset[1])}::uuid)`);
        const limit = bind(params, first + 1);
        const [found, counts] = await Promise.all([
          this.db.query(
            `SELECT * FROM (
               SELECT ${OFFER_COLUMNS}, row_number() OVER (PARTITION BY o.organization_id ORDER BY o.created_at DESC, o.id DESC) AS rn
               FROM offer o JOIN organization g ON g.id = o.organization_id WHERE ${where.join(' AND ')}
             ) ranked WHERE rn <= ${limit} ORDER BY "organizationId", rn`,
            params,
          ) as Promise<(Offer & { rn?: unknown })[]>,
          this.db.query(
            `SELECT o.organization_id AS "organizationId", count(*)::int AS n FROM offer o JOIN organization g ON g.id = o.organization_id
             WHERE ${countWhere} GROUP BY o.organization_id`,
            countParams,
          ) as Promise<{ organizationId: string; n: number }[]>,
        ]);
        const byOrg = new Map<string, Offer[]>();
        for (const { rn: _rn, ...offer } of found) {
          const list = byOrg.get(offer.organizationId) ?? [];
          list.push(offer as Offer);
          byOrg.set(offer.organizationId, list);
        }
        const n = new Map(counts.map((c) => [c.organizationId, c.n]));
        return orgIds.map((id) => toPage(byOrg.get(id) ?? [], first, n.get(id) ?? 0, cursorOf));
      })
      .load(organizationId);
  }

  // ------------------------------------------------------------------ writes

  /**
   * A DRAFT offer of the member's organisation: `input.organizationId` when given (the member must
   * belong to it), otherwise the organisation they joined first. Membership is checked by the
   * INSERT itself, so a membership removed meanwhile cannot slip through.
   */
  async create(loaders: Loaders, userId: string, input: CreateOfferInput): Promise<Offer> {
    await this.themes.assertKnown([{ keys: input.themes, field: 'input.themes' }]);
    if ((input.minParticipants ?? 1) > input.capacity) throw badInput([{ field: 'input.minParticipants', message: '最少人数は定員以下にしてください (minParticipants ≤ capacity)' }]);
    const organizationId = input.organizationId ?? (await this.access.memberOrganizationIds(loaders, userId))[0];
    if (!organizationId) throw forbidden('団体に所属していないため募集を作成できません (not a member of any organisation)');
    const created = await rows<Offer>(
      this.db,
      `INSERT INTO offer AS o (organization_id, title, description, themes, capacity, stages, area, mode, slots, created_by, min_participants)
       SELECT $1, $2, $3, $4::text[], $5, $6::student_stage[], $7, $8::participation_mode, $9::time_slot[], $10, $11
       WHERE EXISTS (SELECT 1 FROM organization_member m WHERE m.organization_id = $1 AND m.user_id = $10)
       RETURNING ${OFFER_COLUMNS}`,
      [organizationId, input.title, input.description, input.themes, input.capacity, input.stages, input.area ?? null, input.mode, input.slots, userId, input.minParticipants ?? 1],
    );
    if (!created.length) throw forbidden('この団体のメンバーではないため、この団体の募集は作成できません (not a member of this organisation)');
    return created[0];
  }

  /**
   * DRAFT → OPEN (OPEN stays OPEN; CLOSED is a CONFLICT). After the commit, a newly published offer
   * of a verified organisation with places left asks for an automatic matching run.
   */
  async publish(viewer: Viewer, id: string): Promise<Offer> {
    const { offer, changed } = await this.transition(viewer, id, OfferStatus.OPEN);
    if (changed) await this.offersChanged(offer.organizationId, offer.id);
    return offer;
  }

  /** DRAFT or OPEN → CLOSED; closing a CLOSED offer changes nothing. */
  async close(viewer: Viewer, id: string): Promise<Offer> {
    return (await this.transition(viewer, id, OfferStatus.CLOSED)).offer;
  }

  /**
   * One conditional UPDATE decides the change: it applies only from the allowed states and only for a
   * coordinator or a member of the owning organisation. When it matches nothing, the offer as it now
   * stands says why: unknown or unseen → NOT_FOUND, seen but not theirs → FORBIDDEN, already in the
   * target state → unchanged, otherwise CONFLICT.
   */
  private async transition(viewer: Viewer, id: string, to: OfferStatus.OPEN | OfferStatus.CLOSED): Promise<{ offer: Offer; changed: boolean }> {
    if (viewer.kind !== 'user') throw forbidden();
    if (!isUuid(id)) throw notFound(OFFER);
    const coordinator = hasRole(viewer, Role.COORDINATOR);
    const from = to === OfferStatus.OPEN ? [OfferStatus.DRAFT] : [OfferStatus.DRAFT, OfferStatus.OPEN];
    const stamp = to === OfferStatus.OPEN ? 'published_at = now()' : 'closed_at = now()';
    return this.db.transaction(async (tx: EntityManager) => {
      const updated = await rows<Offer>(
        tx,
        `UPDATE offer o SET status = $2::offer_status, ${stamp}
         WHERE o.id = $1 AND o.status = ANY($3::offer_status[])
           AND ($4::boolean OR o.organization_id IN (SELECT m.organization_id FROM organization_member m WHERE m.user_id = $5))
         RETURNING ${OFFER_COLUMNS}`,
        [id, to, from, coordinator, viewer.userId],
      );
      if (updated.length) return { offer: updated[0], changed: true };

      const [current]: (Offer & { verified: boolean; member: boolean })[] = await tx.query(
        `SELECT ${OFFER_COLUMNS}, g.verified,
           EXISTS (SELECT 1 FROM organization_member m WHERE m.organization_id = o.organization_id AND m.user_id = $2) AS member
         FROM offer o JOIN organization g ON g.id = o.organization_id WHERE o.id = $1`,
        [id, viewer.userId],
      );
      if (!current) throw notFound(OFFER);
      const { verified, member, ...offer } = current;
      if (!coordinator && !member) {
        const seen = offer.status === OfferStatus.OPEN && verified;
        throw seen ? forbidden('この募集を変更できるのは募集した団体のメンバーかコーディネーターです (not your organisation’s offer)') : notFound(OFFER);
      }
      if (offer.status === to) return { offer: offer as Offer, changed: false };
      throw conflict(
        to === OfferStatus.OPEN
          ? '締め切った募集は公開できません (a closed offer cannot be published)'
          : `この募集は ${offer.status} のため締め切れません (the offer is ${offer.status})`,
      );
    });
  }

  /**
   * Called after a commit that may have made offers eligible (published, or their organisation
   * verified): one debounced automatic run when one of the organisation's offers is eligible now.
   * Read after the commit, so that a publish and a verification racing each other cannot both miss
   * it. A failure to queue is logged, not thrown: the change itself is already committed.
   */
  async offersChanged(organizationId: string, offerId?: string): Promise<void> {
    try {
      const [eligible]: { yes: boolean }[] = await this.db.query(
        `SELECT EXISTS (
           SELECT 1 FROM offer o JOIN organization g ON g.id = o.organization_id
           WHERE o.organization_id = $1 AND ($2::uuid IS NULL OR o.id = $2::uuid)
             AND o.status = 'OPEN' AND g.verified AND o.approved_count < o.capacity
         ) AS yes`,
        [organizationId, offerId ?? null],
      );
      if (eligible.yes) await this.matching.offerPublished();
    } catch (err) {
      this.logger.error(`could not ask for an automatic matching run: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  // ------------------------------------------------------------------ helpers

}
