import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../../common/database/sql.js';
import { conflict, forbidden, notFound } from '../../common/errors/domain-error.js';
import { hasRole, type Viewer } from '../../common/graphql/context.js';
import { isUuid } from '../../common/ids.js';
import { JobsService } from '../../common/queue/jobs.service.js';
import { Role } from '../../identity/role.enum.js';
import { JOINT_ACTION_COLUMNS } from '../joint-action.service.js';
import { shareLockStudents } from '../lock-order.js';
import { InvitationStatus, JointActionStatus } from '../matching.enums.js';
import type { JointAction } from '../matching.models.js';
import { MatchingTrigger } from '../matching-trigger.service.js';
import { cancel, confirmIfReady, lockJointAction, type LockedJointAction } from './lifecycle.js';
import { freePlaces, joinGathering } from './seats.js';

const STATUS_JA = '協働アクション';

/**
 * The answers to a joint action's invitations: a student's own (a student session, or their school
 * portal for them) and the organisation's (any of its members). Each runs in one transaction in
 * the lock order (the student FOR SHARE, so that a consent change is waited for or waits; then the
 * joint action, whose lock makes the answers to it take turns; then the offer and the gathering).
 * An invitation is answered once, before respondBy, while the joint action is not cancelled: a
 * second answer, a late one or one to a cancelled joint action is a CONFLICT and changes nothing.
 */
@Injectable()
export class RepliesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly matching: MatchingTrigger,
    private readonly jobs: JobsService,
  ) {}

  /** respondToJointAction: the student's own invitation, or (for an organisation member) the organisation's. */
  async respond(viewer: Viewer, jointActionId: string, accept: boolean): Promise<JointAction> {
    if (viewer.kind !== 'user') throw forbidden();
    if (!isUuid(jointActionId)) throw notFound(STATUS_JA);
    if (hasRole(viewer, Role.STUDENT)) return this.asStudent(viewer.userId, jointActionId, accept);
    if (hasRole(viewer, Role.ORGANIZATION_MEMBER)) return this.asOrganization(viewer.userId, jointActionId, accept);
    throw forbidden('回答できるのは招待された生徒と、募集した団体のメンバーです');
  }

  /** respondForStudent: the school portal passes on its own student's answer. */
  async forStudent(schoolId: string, externalRef: string, jointActionId: string, accept: boolean): Promise<JointAction> {
    const [s]: { id: string }[] = await this.db.query('SELECT id FROM student WHERE school_id = $1 AND external_ref = $2 AND withdrawn_at IS NULL', [schoolId, externalRef]);
    if (!s) throw notFound('生徒 (externalRef)');
    if (!isUuid(jointActionId)) throw notFound(STATUS_JA);
    return this.asStudent(s.id, jointActionId, accept);
  }

  private async asStudent(studentId: string, jointActionId: string, accept: boolean): Promise<JointAction> {
    const freed = await this.db.transaction(async (tx) => {
      const consenting = await shareLockStudents(tx, [studentId]);
      const ja = await lockJointAction(tx, jointActionId);
      const [invitation] = ja
        ? await rows<{ status: InvitationStatus }>(tx, 'SELECT status::text AS status FROM joint_action_invitation WHERE joint_action_id = $1 AND student_id = $2', [ja.id, studentId])
        : [];
      // someone who was never invited learns nothing of the joint action
      if (!ja || !invitation) throw notFound(STATUS_JA);
      if (!consenting.has(studentId)) throw conflict('保護者の同意がないため回答できません (no consent)');
      this.assertOpen(ja);
      if (invitation.status !== InvitationStatus.PENDING) throw conflict(`この招待にはすでに回答があります (${invitation.status})`);
      await tx.query(
        `UPDATE joint_action_invitation SET status = $3, responded_at = now() WHERE joint_action_id = $1 AND student_id = $2`,
        [ja.id, studentId, accept ? InvitationStatus.ACCEPTED : InvitationStatus.DECLINED],
      );
      if (accept) {
        await joinGathering(tx, ja, [studentId]);
        await confirmIfReady(tx, ja);
        return 0;
      }
      await freePlaces(tx, ja.offerId, 1);
      await this.matching.changedIn(tx, 'PLACE_FREED');
      return 1;
    });
    if (freed) this.jobs.relaySoon();
    return (await this.find(jointActionId))!;
  }

  private async asOrganization(userId: string, jointActionId: string, accept: boolean): Promise<JointAction> {
    const freed = await this.db.transaction(async (tx) => {
      const ja = await lockJointAction(tx, jointActionId);
      const member = ja ? await rows(tx, 'SELECT 1 FROM organization_member WHERE organization_id = $1 AND user_id = $2', [ja.organizationId, userId]) : [];
      if (!ja || !member.length) throw notFound(STATUS_JA);
      this.assertOpen(ja);
      if (ja.organizationStatus !== InvitationStatus.PENDING) throw conflict(`団体としての回答はすでにあります (${ja.organizationStatus})`);
      await tx.query(`UPDATE joint_action SET organization_status = $2, organization_responded_at = now() WHERE id = $1`, [
        ja.id,
        accept ? InvitationStatus.ACCEPTED : InvitationStatus.DECLINED,
      ]);
      ja.organizationStatus = accept ? InvitationStatus.ACCEPTED : InvitationStatus.DECLINED;
      if (accept) {
        await confirmIfReady(tx, ja);
        return 0;
      }
      const n = await cancel(tx, ja);
      if (n) await this.matching.changedIn(tx, 'PLACE_FREED');
      return n;
    });
    if (freed) this.jobs.relaySoon();
    return (await this.find(jointActionId))!;
  }

  private assertOpen(ja: LockedJointAction): void {
    if (ja.status === JointActionStatus.CANCELLED) throw conflict('この協働アクションは中止になりました (cancelled)');
    if (ja.respondBy.getTime() <= Date.now()) throw conflict('回答期限を過ぎています (past respondBy)');
  }

  private async find(id: string, db: DataSource | EntityManager = this.db): Promise<JointAction | null> {
    const [ja]: JointAction[] = await db.query(`SELECT ${JOINT_ACTION_COLUMNS} FROM joint_action ja WHERE ja.id = $1`, [id]);
    return ja ?? null;
  }
}
