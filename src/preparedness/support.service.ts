import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { badInput, conflict, forbidden, notFound } from '../common/errors/domain-error.js';
import { hasRole, type GqlContext, type Viewer } from '../common/graphql/context.js';
import { byKeys, type Loaders } from '../common/graphql/loaders.js';
import { isUuid } from '../common/ids.js';
import { JobsService } from '../common/queue/jobs.service.js';
import { EventService } from '../graph/event.service.js';
import { Platform, ParticipationMode } from '../graph/graph.enums.js';
import type { Event } from '../graph/graph.models.js';
import type { User } from '../identity/identity.models.js';
import { Role } from '../identity/role.enum.js';
import type { ProposalStatus } from '../matching/matching.enums.js';
import type { MatchingRun } from '../matching/matching.models.js';
import { parseNeedsCsv } from './needs-csv.js';
import { DEFAULT_HELPERS_WANTED, HELPER_MAX_LOAD } from './preparedness.enums.js';
import type { PledgeSupportInput, RegisterSupportNeedInput, ScheduleDrillInput } from './preparedness.inputs.js';
import type { SupportNeed, SupportNeedImportResult, SupportPairing, SupportPledge } from './preparedness.models.js';

const PLEDGE = `id, helper_id AS "helperId", kinds::text[] AS kinds, area, slots::text[] AS slots, active`;
const NEED = `id, label, kinds::text[] AS kinds, area, slots::text[] AS slots, consent, helpers_wanted AS "helpersWanted"`;
const PAIRING = `id, pledge_id AS "pledgeId", need_id AS "needId", run_id AS "runId", kinds::text[] AS kinds, score, reasons, status, drill_event_id AS "drillEventId"`;
const RUN = `id, status, progress, pairs_scored::int AS "pairsScored", proposals_created AS "proposalsCreated", cause,
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt", error`;

export type SupportAuditAction =
  | 'NEED_READ'
  | 'PAIRING_READ'
  | 'NEED_REGISTERED'
  | 'NEED_CONSENT_CHANGED'
  | 'NEEDS_IMPORTED'
  | 'PAIRING_APPROVED'
  | 'PAIRING_REJECTED'
  | 'DRILL_SCHEDULED'
  // the day it happens (src/preparedness/disaster/)
  | 'DISASTER_DECLARED'
  | 'DISASTER_ENDED'
  | 'CONTACT_CARD_SET'
  /** a helper opened a contact card (break-glass): the need, the pairing and the disaster */
  | 'CONTACT_OPENED'
  | 'NEED_REMOVED';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** The request id the logs carry, for audit rows (ids only). */
export const requestIdOf = (ctx?: Pick<GqlContext, 'req'>): string | null => {
  const id = (ctx?.req as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && REQUEST_ID.test(id) ? id : null;
};

/**
 * Mutual aid: helpers' pledges (their own), and the sensitive side that coordinators alone see —
 * needs (a pseudonymous label, the person's consent) and pairings. Every read or change of needs
 * and pairings by a coordinator is written to support_audit (ids only) in the same transaction.
 */
@Injectable()
export class SupportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
    private readonly events: EventService,
  ) {}

  // ------------------------------------------------------------------ audit

  async audit(
    actorUserId: string,
    action: SupportAuditAction,
    ids: { needIds?: readonly string[]; pairingIds?: readonly string[]; disasterId?: string | null },
    ctx?: Pick<GqlContext, 'req'>,
    tx: DataSource | EntityManager = this.db,
  ): Promise<void> {
    await tx.query(`INSERT INTO support_audit (actor_user_id, action, need_ids, pairing_ids, request_id, disaster_id) VALUES ($1, $2, $3::uuid[], $4::uuid[], $5, $6)`, [
      actorUserId,
      action,
      [...new Set(ids.needIds ?? [])],
      [...new Set(ids.pairingIds ?? [])],
      requestIdOf(ctx),
      ids.disasterId ?? null,
    ]);
  }

  // ------------------------------------------------------------------ pledges

  async pledge(viewer: Viewer, input: PledgeSupportInput): Promise<SupportPledge> {
    if (viewer.kind !== 'user') throw forbidden();
    // students are minors: they take part in dialogues and plans, not in one-to-one help of vulnerable people
    if (!viewer.roles.some((r) => r !== Role.STUDENT)) throw forbidden('支援の申し出は住民・団体・コーディネーターが行えます');
    const [p] = await rows<SupportPledge>(
      this.db,
      `INSERT INTO support_pledge (helper_id, kinds, area, slots) VALUES ($1, $2::support_kind[], $3, $4::time_slot[]) RETURNING ${PLEDGE}`,
      [viewer.userId, input.kinds, input.area, input.slots],
    );
    return p;
  }

  myPledges(userId: string): Promise<SupportPledge[]> {
    return rows<SupportPledge>(this.db, `SELECT ${PLEDGE} FROM support_pledge WHERE helper_id = $1 ORDER BY created_at, id`, [userId]);
  }

  async withdrawPledge(userId: string, id: string): Promise<SupportPledge> {
    if (!isUuid(id)) throw notFound('支援の申し出');
    return this.db.transaction(async (tx) => {
      const [p] = await rows<SupportPledge>(tx, `UPDATE support_pledge SET active = false WHERE id = $1 AND helper_id = $2 RETURNING ${PLEDGE}`, [id, userId]);
      if (!p) throw notFound('支援の申し出');
      await tx.query(`UPDATE support_pairing SET status = 'SUPERSEDED' WHERE pledge_id = $1 AND status = 'PROPOSED'`, [id]);
      return p;
    });
  }

  /** The pledge behind a pairing, batched; the coordinators' view. */
  pledgeById(loaders: Loaders, id: string): Promise<SupportPledge | null> {
    return loaders
      .get<string, SupportPledge | null>('supportPledgeById', async (ids) =>
        byKeys(ids, await rows<SupportPledge>(this.db, `SELECT ${PLEDGE} FROM support_pledge WHERE id = ANY($1::uuid[])`, [ids]), (p) => p.id),
      )
      .load(id);
  }

  helper(loaders: Loaders, id: string): Promise<User | null> {
    return loaders
      .get<string, User | null>('supportHelperById', async (ids) =>
        byKeys(ids, await rows<User>(this.db, 'SELECT id, display_name AS "displayName", roles::text[] AS roles FROM app_user WHERE id = ANY($1::uuid[])', [ids]), (u) => u.id),
      )
      .load(id);
  }

  needById(loaders: Loaders, id: string): Promise<SupportNeed | null> {
    return loaders
      .get<string, SupportNeed | null>('supportNeedById', async (ids) =>
        byKeys(ids, await rows<SupportNeed>(this.db, `SELECT ${NEED} FROM support_need WHERE id = ANY($1::uuid[])`, [ids]), (n) => n.id),
      )
      .load(id);
  }

  // ------------------------------------------------------------------ needs (coordinators)

  async registerNeed(coordinatorId: string, input: RegisterSupportNeedInput, ctx?: GqlContext): Promise<SupportNeed> {
    if (input.consent !== true) throw badInput([{ field: 'input.consent', message: '本人の同意がない方は登録できません (consent required)' }]);
    return this.db.transaction(async (tx) => {
      const [n] = await rows<SupportNeed>(
        tx,
        `INSERT INTO support_need (label, kinds, area, slots, consent, created_by, helpers_wanted) VALUES ($1, $2::support_kind[], $3, $4::time_slot[], true, $5, $6) RETURNING ${NEED}`,
        [input.label, input.kinds, input.area, input.slots, coordinatorId, input.helpersWanted ?? DEFAULT_HELPERS_WANTED],
      );
      await this.audit(coordinatorId, 'NEED_REGISTERED', { needIds: [n.id] }, ctx, tx);
      return n;
    });
  }

  async needs(coordinatorId: string, ctx?: GqlContext): Promise<SupportNeed[]> {
    return this.db.transaction(async (tx) => {
      const found = await rows<SupportNeed>(tx, `SELECT ${NEED} FROM support_need ORDER BY created_at, id LIMIT 1000`);
      await this.audit(coordinatorId, 'NEED_READ', { needIds: found.map((n) => n.id) }, ctx, tx);
      return found;
    });
  }

  /** The person withdrew (or gave again) their consent: without it they are never paired, and open proposals go. */
  async setConsent(coordinatorId: string, id: string, consent: boolean, ctx?: GqlContext): Promise<SupportNeed> {
    if (!isUuid(id)) throw notFound('支援が必要な方');
    return this.db.transaction(async (tx) => {
      const [n] = await rows<SupportNeed>(tx, `UPDATE support_need SET consent = $2, updated_at = now() WHERE id = $1 RETURNING ${NEED}`, [id, consent]);
      if (!n) throw notFound('支援が必要な方');
      if (!consent) {
        await tx.query(`UPDATE support_pairing SET status = 'SUPERSEDED' WHERE need_id = $1 AND status = 'PROPOSED'`, [id]);
        // the card was given with that consent: it goes with it
        await tx.query('DELETE FROM support_contact_card WHERE need_id = $1', [id]);
      }
      await this.audit(coordinatorId, 'NEED_CONSENT_CHANGED', { needIds: [id] }, ctx, tx);
      return n;
    });
  }

  /**
   * The city's 避難行動要支援者名簿 export: every line checked first; one bad line and nothing is
   * written (BAD_USER_INPUT listing each line's error). Then one transaction upserts by the register's
   * number. Lines without consent are not imported (and withdraw the consent of a known number).
   */
  async importNeeds(coordinatorId: string, csv: string, ctx?: GqlContext): Promise<SupportNeedImportResult> {
    const parsed = parseNeedsCsv(csv);
    if (parsed.errors.length) throw badInput(parsed.errors.slice(0, 50).map((e) => ({ field: `csv.line${e.line}`, message: `${e.line}行目: ${e.message}` })));
    const consented = parsed.rows.filter((r) => r.consent);
    const refused = parsed.rows.filter((r) => !r.consent).map((r) => r.ref);
    return this.db.transaction(async (tx) => {
      const written = await rows<{ id: string; created: boolean }>(
        tx,
        `INSERT INTO support_need (register_ref, label, kinds, area, slots, consent, created_by)
         SELECT r.ref, r.label, string_to_array(r.kinds, ',')::support_kind[], r.area, string_to_array(r.slots, ',')::time_slot[], true, $6
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS r(ref, label, kinds, area, slots)
         ON CONFLICT (register_ref) DO UPDATE SET label = EXCLUDED.label, kinds = EXCLUDED.kinds, area = EXCLUDED.area, slots = EXCLUDED.slots,
           consent = true, updated_at = now()
         RETURNING id, (xmax = 0) AS created`,
        [consented.map((r) => r.ref), consented.map((r) => r.label), consented.map((r) => r.kinds.join(',')), consented.map((r) => r.area), consented.map((r) => r.slots.join(',')), coordinatorId],
      );
      const withdrawn = refused.length
        ? await rows<{ id: string }>(tx, `UPDATE support_need SET consent = false, updated_at = now() WHERE register_ref = ANY($1::text[]) AND consent RETURNING id`, [refused])
        : [];
      if (withdrawn.length) {
        await tx.query(`UPDATE support_pairing SET status = 'SUPERSEDED' WHERE need_id = ANY($1::uuid[]) AND status = 'PROPOSED'`, [withdrawn.map((w) => w.id)]);
        await tx.query('DELETE FROM support_contact_card WHERE need_id = ANY($1::uuid[])', [withdrawn.map((w) => w.id)]);
      }
      await this.audit(coordinatorId, 'NEEDS_IMPORTED', { needIds: [...written.map((w) => w.id), ...withdrawn.map((w) => w.id)] }, ctx, tx);
      const created = written.filter((w) => w.created).length;
      return { created, updated: written.length - created, skipped: refused.length, consentWithdrawn: withdrawn.length };
    });
  }

  // ------------------------------------------------------------------ runs and pairings (coordinators)

  /** A matching run of kind SUPPORT: the run row and its job in one transaction, like student runs. */
  async requestRun(coordinatorId: string): Promise<MatchingRun> {
    const run = await this.db.transaction(async (tx) => {
      const [r] = await rows<MatchingRun>(tx, `INSERT INTO matching_run (kind, cause, requested_by) VALUES ('SUPPORT', 'REQUESTED', $1) RETURNING ${RUN}`, [coordinatorId]);
      await this.jobs.record(tx, 'support-matching-run', { runId: r.id });
      return r;
    });
    this.jobs.relaySoon();
    return run;
  }

  async pairings(coordinatorId: string, status: ProposalStatus | undefined, ctx?: GqlContext): Promise<SupportPairing[]> {
    return this.db.transaction(async (tx) => {
      const found = await rows<SupportPairing>(
        tx,
        `SELECT ${PAIRING} FROM support_pairing WHERE ($1::proposal_status IS NULL OR status = $1::proposal_status) ORDER BY created_at DESC, id LIMIT 500`,
        [status ?? null],
      );
      await this.audit(coordinatorId, 'PAIRING_READ', { pairingIds: found.map((p) => p.id), needIds: found.map((p) => p.needId) }, ctx, tx);
      return found;
    });
  }

  /**
   * One winner: the pairing row, its need and its helper are locked; the approval must still find the
   * pairing PROPOSED, the person consenting, fewer approved helpers than they want, this helper not
   * already approved for them (through another pledge), and the helper's load (people) within
   * bounds — else CONFLICT.
   */
  async approve(coordinatorId: string, id: string, ctx?: GqlContext): Promise<SupportPairing> {
    if (!isUuid(id)) throw notFound('ペアリング');
    return this.db.transaction(async (tx) => {
      const [p] = await rows<{ needId: string; helperId: string }>(
        tx,
        `SELECT sp.need_id AS "needId", pl.helper_id AS "helperId" FROM support_pairing sp JOIN support_pledge pl ON pl.id = sp.pledge_id WHERE sp.id = $1`,
        [id],
      );
      if (!p) throw notFound('ペアリング');
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`support-helper.${p.helperId}`]);
      const [need] = await rows<{ consent: boolean; wanted: number }>(tx, 'SELECT consent, helpers_wanted AS wanted FROM support_need WHERE id = $1 FOR UPDATE', [p.needId]);
      const [locked] = await rows<{ status: string }>(tx, 'SELECT status FROM support_pairing WHERE id = $1 FOR UPDATE', [id]);
      // erased meanwhile (removeSupportNeed took the need and its pairings)
      if (!locked || !need) throw notFound('ペアリング');
      if (locked.status !== 'PROPOSED') throw conflict(`このペアリングはすでに ${locked.status} です (already decided)`);
      if (!need.consent) throw conflict('ご本人の同意が取り下げられています (consent withdrawn)');
      const [helpers] = await rows<{ n: number; same: boolean }>(
        tx,
        `SELECT count(DISTINCT pl.helper_id)::int AS n, coalesce(bool_or(pl.helper_id = $2), false) AS same
         FROM support_pairing sp JOIN support_pledge pl ON pl.id = sp.pledge_id
         WHERE sp.need_id = $1 AND sp.status = 'APPROVED' AND pl.active`,
        [p.needId, p.helperId],
      );
      if (helpers.same) throw conflict('この支援者は、この方の支援者としてすでに承認されています');
      if (helpers.n >= need.wanted) throw conflict(`この方には、すでに必要な人数（${need.wanted}人）の支援者が決まっています`);
      const [load] = await rows<{ n: number }>(
        tx,
        `SELECT count(DISTINCT a.need_id)::int AS n FROM support_pairing a JOIN support_pledge q ON q.id = a.pledge_id
         WHERE q.helper_id = $1 AND q.active AND a.status = 'APPROVED'`,
        [p.helperId],
      );
      if (load.n + 1 > HELPER_MAX_LOAD) throw conflict(`支援者の担当が上限（${HELPER_MAX_LOAD}人）を超えます`);
      const [done] = await rows<SupportPairing>(
        tx,
        `UPDATE support_pairing SET status = 'APPROVED', decided_at = now(), decided_by = $2 WHERE id = $1 AND status = 'PROPOSED' RETURNING ${PAIRING}`,
        [id, coordinatorId],
      );
      if (!done) throw conflict('このペアリングはすでに決定済みです (already decided)');
      await this.audit(coordinatorId, 'PAIRING_APPROVED', { pairingIds: [id], needIds: [p.needId] }, ctx, tx);
      return done;
    });
  }

  async reject(coordinatorId: string, id: string, reason: string, ctx?: GqlContext): Promise<SupportPairing> {
    if (!isUuid(id)) throw notFound('ペアリング');
    return this.db.transaction(async (tx) => {
      const [done] = await rows<SupportPairing>(
        tx,
        `UPDATE support_pairing SET status = 'REJECTED', decided_at = now(), decided_by = $2, decision_note = $3 WHERE id = $1 AND status = 'PROPOSED' RETURNING ${PAIRING}`,
        [id, coordinatorId, reason],
      );
      if (!done) {
        const [known] = await rows<{ status: string }>(tx, 'SELECT status FROM support_pairing WHERE id = $1', [id]);
        if (!known) throw notFound('ペアリング');
        throw conflict(`このペアリングはすでに ${known.status} です (already decided)`);
      }
      await this.audit(coordinatorId, 'PAIRING_REJECTED', { pairingIds: [id], needIds: [done.needId] }, ctx, tx);
      return done;
    });
  }

  /**
   * A drill for an approved pairing: an event on platform PREPAREDNESS (its title is the coordinator's:
   * events are public, so never the person's label), optionally a session of a scenario, whose
   * responses after it then count as after a drill.
   */
  async scheduleDrill(viewer: Viewer, input: ScheduleDrillInput, ctx?: GqlContext): Promise<SupportPairing> {
    if (viewer.kind !== 'user' || !hasRole(viewer, Role.COORDINATOR)) throw forbidden();
    if (input.scenarioId) {
      const found: unknown[] = await this.db.query('SELECT 1 FROM scenario WHERE id = $1', [input.scenarioId]);
      if (!found.length) throw notFound('シナリオ');
    }
    const [p] = await rows<{ status: string; drillEventId: string | null; needId: string }>(
      this.db,
      `SELECT status, drill_event_id AS "drillEventId", need_id AS "needId" FROM support_pairing WHERE id = $1`,
      [input.pairingId],
    );
    if (!p) throw notFound('ペアリング');
    if (p.status !== 'APPROVED') throw conflict('訓練は承認済みのペアリングにだけ設定できます');
    const event = await this.events.create(
      { platform: Platform.PREPAREDNESS, title: input.title, description: '支え合いの避難訓練', startsAt: input.startsAt, mode: input.mode ?? ParticipationMode.ONSITE },
      viewer,
    );
    return this.db.transaction(async (tx) => {
      const [done] = await rows<SupportPairing>(
        tx,
        `UPDATE support_pairing SET drill_event_id = $2 WHERE id = $1 AND status = 'APPROVED' RETURNING ${PAIRING}`,
        [input.pairingId, event.id],
      );
      if (!done) throw conflict('訓練は承認済みのペアリングにだけ設定できます');
      if (input.scenarioId) await tx.query('INSERT INTO scenario_session (scenario_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [input.scenarioId, event.id]);
      await this.audit(viewer.userId, 'DRILL_SCHEDULED', { pairingIds: [done.id], needIds: [done.needId] }, ctx, tx);
      return done;
    });
  }

  drillEvent(loaders: Loaders, id: string | null): Promise<Event | null> {
    return id ? this.events.anyById(loaders, id) : Promise.resolve(null);
  }
}
