import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { badInput, conflict, notFound } from '../common/errors/domain-error.js';
import { JobsService } from '../common/queue/jobs.service.js';
import { byKeys, type Loaders } from '../common/graphql/loaders.js';
import { keysetPage, timeIdKeys } from '../common/graphql/keyset-page.js';
import { cursorTimeSql, DEFAULT_PAGE, toPage, type Page, type PageArgs } from '../common/graphql/pagination.js';
import { isUuid } from '../common/ids.js';
import { ProposalStatus } from './matching.enums.js';
import type { JointAction, Proposal, ProposedParticipant } from './matching.models.js';
import { JOINT_ACTION_COLUMNS } from './joint-action.service.js';
import { defaultRespondBy, inviteToJointAction, lockLiveJointAction, MAX_RESPONSE_DAYS } from './joint-action.writer.js';
import { lockStudentsToInvite } from './lock-order.js';
import { offerFromJson, offerFromTitleJson, offerJsonSql, offerTitleJsonSql, type OfferJson, type OfferTitleJson } from '../organizations/offer.service.js';
import { STUDENT_NAME_JSON, STUDENT_SUMMARY_JSON, StudentService, type StudentNameRow, type StudentSummaryRow } from '../students/student.service.js';

const columns = (plan: string) => `p.id, p.run_id AS "runId", p.offer_id AS "offerId", p.score, p.status, p.created_at AS "createdAt",
  p.decided_at AS "decidedAt", p.decision_note AS "decisionNote", ${plan} AS plan,
  ${cursorTimeSql('p.created_at')} AS "cursorAt"`;
const COLUMNS = columns(`json_build_object('title', p.plan_title, 'summary', p.plan_summary, 'themes', p.plan_themes)`);
/** The plan's fields a page may ask for and still read the plan as its title alone (PLAN_TITLE_COLUMNS). */
export const PLAN_TITLE_FIELDS: ReadonlySet<string> = new Set(['title']);
/** the columns with the plan as its title only: a page that shows no more of it leaves its summary unread */
const PLAN_TITLE_COLUMNS = columns(`json_build_object('title', p.plan_title)`);

/**
 * A proposal's participants as one JSON array, best first, each with its student as a summary
 * (STUDENT_SUMMARY_JSON): one value to parse instead of a row of columns and arrays each.
 */
const participantsJson = (student: string): string => `json_agg(json_build_object('score', pp.score, 'reasons', pp.reasons, 'student', ${student})
  ORDER BY pp.score DESC, pp.student_id)`;
const PARTICIPANTS_JSON = participantsJson(STUDENT_SUMMARY_JSON);
/** the same with each student's names only (STUDENT_NAME_JSON), for a page that shows no more of them */
const PARTICIPANT_NAMES_JSON = participantsJson(STUDENT_NAME_JSON);
const PARTICIPANTS_FROM = 'FROM proposal_participant pp JOIN student s ON s.id = pp.student_id JOIN app_user u ON u.id = s.id';
/** a participant as participantsJson reads it: its student id is the student's (the join's key) */
type ParticipantJson = Omit<ProposedParticipant, 'student' | 'studentId'> & { student: StudentSummaryRow };
type ParticipantNameJson = Omit<ParticipantJson, 'student'> & { student: StudentNameRow };

/** Proposals are the coordinators' alone: every entry point here sits behind @Roles(COORDINATOR). */
@Injectable()
export class ProposalService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
    private readonly students: StudentService,
  ) {}

  /**
   * A page of proposals, newest first. What `with` names (what the query selects, see
   * ProposalResolver) is read in the page's own statement, shaped as the answer needs it: each
   * proposal's participants as one JSON array and its offer as one JSON object, so a page with
   * both is one statement instead of three, and its fields answer without promises. With
   * `studentNames`, the participants' students are read as their names only (STUDENT_NAME_JSON),
   * with `offerTitles` the offers as their ids and titles, and with `planTitles` each plan as its
   * title: the caller has proved that the query asks no more of them.
   */
  async list(
    filter: { status?: ProposalStatus; offerId?: string },
    page: PageArgs,
    read: { offer?: boolean; participants?: boolean; studentNames?: boolean; offerTitles?: boolean; planTitles?: boolean } = {},
  ): Promise<Page<Proposal>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) where.push(`p.status = $${params.push(filter.status)}`);
    // offerId: null is no filter (not an empty list)
    if (filter.offerId != null) {
      if (!isUuid(filter.offerId)) return toPage([], page.first ?? DEFAULT_PAGE, 0, () => '');
      where.push(`p.offer_id = $${params.push(filter.offerId)}`);
    }
    const extra = [
      read.participants ? `(SELECT ${read.studentNames ? PARTICIPANT_NAMES_JSON : PARTICIPANTS_JSON} ${PARTICIPANTS_FROM} WHERE pp.proposal_id = r.id) AS "readParticipants"` : null,
      read.offer ? `${read.offerTitles ? offerTitleJsonSql('r."offerId"') : offerJsonSql('r."offerId"')} AS "readOffer"` : null,
    ].filter((c) => c !== null);
    type Row = Proposal & { cursorAt: string; readParticipants?: (ParticipantJson | ParticipantNameJson)[] | null; readOffer?: OfferJson | OfferTitleJson | null };
    const participant = read.studentNames
      ? (j: ParticipantNameJson): ProposedParticipant => ({ studentId: j.student.id, score: j.score, reasons: j.reasons, student: this.students.named(j.student) })
      : (j: ParticipantJson): ProposedParticipant => this.participantOf(j);
    return keysetPage<Row, Proposal & { cursorAt: string }>(
      this.db,
      {
        columns: read.planTitles ? PLAN_TITLE_COLUMNS : COLUMNS,
        from: 'proposal p',
        where,
        params,
        keys: timeIdKeys('p.created_at', 'p.id'),
        direction: 'DESC',
        wrap: extra.length ? (range) => `SELECT r.*, ${extra.join(', ')} FROM (${range}) r ORDER BY r."createdAt" DESC, r.id DESC` : undefined,
      },
      {
        ...page,
        nodes: (found) =>
          found.map(({ readParticipants, readOffer, ...p }) => {
            if (!extra.length) return p;
            const offer = !readOffer ? undefined : read.offerTitles ? offerFromTitleJson(readOffer) : offerFromJson(readOffer as OfferJson);
            return { ...p, read: { offer, participants: read.participants ? (readParticipants ?? []).map((r) => participant(r as ParticipantJson)) : undefined } };
          }),
        cursor: (p) => [p.cursorAt, p.id],
      },
    );
  }

  async find(id: string): Promise<Proposal | null> {
    if (!isUuid(id)) return null;
    const [p]: Proposal[] = await this.db.query(`SELECT ${COLUMNS} FROM proposal p WHERE p.id = $1`, [id]);
    return p ?? null;
  }

  participants(loaders: Loaders, proposalId: string): Promise<ProposedParticipant[]> {
    return loaders
      .get<string, ProposedParticipant[]>('proposalParticipants', async (ids) => {
        // one row per proposal, its participants as one JSON array (pg hands it to JSON.parse): a page
        // of 50 proposals names about 200 participants, and row-by-row parsing of their columns and
        // arrays was a fifth of the page's CPU (bench/RESULTS.md, bench:api)
        const found: { proposalId: string; participants: ParticipantJson[] }[] = await this.db.query(
          `SELECT pp.proposal_id AS "proposalId", ${PARTICIPANTS_JSON} AS participants ${PARTICIPANTS_FROM}
           WHERE pp.proposal_id = ANY($1::uuid[]) GROUP BY pp.proposal_id`,
          [ids],
        );
        const byProposal = new Map<string, ProposedParticipant[]>();
        for (const r of found) byProposal.set(r.proposalId, r.participants.map((p) => this.participantOf(p)));
        return ids.map((id) => byProposal.get(id) ?? []);
      })
      .load(proposalId);
  }

  /** A participant as PARTICIPANTS_JSON reads it, its student a summary (no profile: a page does not show it). */
  private participantOf(j: ParticipantJson): ProposedParticipant {
    return { studentId: j.student.id, score: j.score, reasons: j.reasons, student: this.students.summary(j.student) };
  }

  /**
   * Approves in one transaction, taking its locks in the order of lock-order.ts: the participants'
   * student rows first (FOR NO KEY UPDATE: a consent change or a run waits for this approval, or
   * this approval waits for it and sees it), then the proposal, which moves PROPOSED → APPROVED
   * only if nobody decided it first, then the offer's live joint action (a refill joins it), then
   * the offer, which takes the invited students' places only if its capacity allows (the database
   * checks, under concurrency). Only students who still consent and are placed nowhere else are
   * invited; a new joint action starts AWAITING_REPLIES with at least the offer's
   * minParticipants. Any refusal rolls all back.
   */
  async approve(id: string, coordinatorId: string, note: string | undefined, opts: { startsAt?: Date; respondBy?: Date } = {}): Promise<Proposal> {
    if (!isUuid(id)) throw notFound('提案');
    const respondBy = opts.respondBy ?? defaultRespondBy();
    if (respondBy.getTime() <= Date.now()) throw badInput([{ field: 'respondBy', message: '回答期限は今より後にしてください (respondBy must be ahead)' }]);
    if (respondBy.getTime() > Date.now() + MAX_RESPONSE_DAYS * 86400_000) {
      throw badInput([{ field: 'respondBy', message: `回答期限は${MAX_RESPONSE_DAYS}日以内にしてください (respondBy at most ${MAX_RESPONSE_DAYS} days ahead)` }]);
    }
    await this.db.transaction(async (tx) => {
      const named = await rows<{ studentId: string }>(tx, 'SELECT student_id AS "studentId" FROM proposal_participant WHERE proposal_id = $1 AND open', [id]);
      const invitable = await lockStudentsToInvite(tx, named.map((r) => r.studentId));
      const decided = await this.decide(tx, id, ProposalStatus.APPROVED, coordinatorId, note ?? null);
      // participants only ever leave a proposal, so these are among the locked ones
      const open = (await rows<{ studentId: string }>(tx, `UPDATE proposal_participant SET open = false WHERE proposal_id = $1 AND open RETURNING student_id AS "studentId"`, [id])).map(
        (r) => r.studentId,
      );
      const students = open.filter((s) => invitable.has(s)).sort();
      if (!students.length) throw conflict('この提案には参加できる生徒が残っていません (no participants left)');
      const live = await lockLiveJointAction(tx, decided.offerId);
      const [offer] = await rows<{ organizationId: string; mode: string; area: string | null; minParticipants: number }>(
        tx,
        'SELECT organization_id AS "organizationId", mode, area, min_participants AS "minParticipants" FROM offer WHERE id = $1',
        [decided.offerId],
      );
      const { invited } = await inviteToJointAction(tx, this.jobs, { proposalId: id, offerId: decided.offerId, plan: decided.plan, students, coordinatorId, offer, live, startsAt: opts.startsAt, respondBy });
      if (!invited.length) throw conflict('この提案には参加できる生徒が残っていません (no participants left)');
      const took = await rows<{ id: string }>(
        tx,
        `UPDATE offer SET approved_count = approved_count + $2
         WHERE id = $1 AND status = 'OPEN' AND approved_count + $2 <= capacity RETURNING id`,
        [decided.offerId, invited.length],
      );
      if (!took.length) throw conflict('募集の定員を超えるか、募集が締め切られています (offer full or closed)');
    });
    this.jobs.relaySoon();
    return (await this.find(id))!;
  }

  async reject(id: string, coordinatorId: string, reason: string): Promise<Proposal> {
    await this.db.transaction(async (tx) => {
      await this.decide(tx, id, ProposalStatus.REJECTED, coordinatorId, reason);
      await tx.query('UPDATE proposal_participant SET open = false WHERE proposal_id = $1', [id]);
    });
    return (await this.find(id))!;
  }

  /** PROPOSED → decision, once: of two coordinators deciding at once, the second finds it decided. */
  private async decide(tx: EntityManager, id: string, decision: ProposalStatus, actorId: string, note: string | null) {
    if (!isUuid(id)) throw notFound('提案');
    const [decided] = await rows<{ offerId: string; plan: Proposal['plan'] }>(
      tx,
      `UPDATE proposal SET status = $2, decided_at = now(), decided_by = $3, decision_note = $4
       WHERE id = $1 AND status = 'PROPOSED'
       RETURNING offer_id AS "offerId", json_build_object('title', plan_title, 'summary', plan_summary, 'themes', plan_themes) AS plan`,
      [id, decision, actorId, note],
    );
    if (!decided) {
      const [current]: { status: string }[] = await tx.query('SELECT status FROM proposal WHERE id = $1', [id]);
      if (!current) throw notFound('提案');
      throw conflict(`この提案はすでに決定済みです (${current.status})`);
    }
    await tx.query('INSERT INTO decision_audit (proposal_id, actor_id, decision, note) VALUES ($1, $2, $3, $4)', [id, actorId, decision, note]);
    return decided;
  }

  /** The joint action an approval of the proposal created or refilled, batched per request. */
  jointActionOf(loaders: Loaders, proposalId: string): Promise<JointAction | null> {
    return loaders
      .get<string, JointAction | null>('jointActionByProposal', async (ids) => {
        const found: (JointAction & { forProposal: string })[] = await this.db.query(
          `SELECT p.id AS "forProposal", ${JOINT_ACTION_COLUMNS} FROM proposal p JOIN joint_action ja ON ja.id = p.joint_action_id WHERE p.id = ANY($1::uuid[])`,
          [ids],
        );
        return byKeys(ids, found, (j) => j.forProposal);
      })
      .load(proposalId);
  }
}
