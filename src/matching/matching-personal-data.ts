import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { themesSql } from '../common/database/json-sql.js';
import { PersonalData, type PersonalDataStep } from '../personal-data/personal-data.js';
import { StudentRelease } from './student-release.service.js';

/**
 * The student in the matching graph: the proposals they are or were in (with their own score and
 * the reasons, which may name words of their texts), their joint actions and invitations (with
 * their answers), their interest in offers, and why runs left them out. Erased first: the student
 * leaves every open proposal and joint action (student-release.service.ts: the invitation becomes
 * WITHDRAWN), the reasons, interests and left-out records go; the decided proposals and the
 * invitations stay, as the record of the decisions and answers, with an anonymous participant.
 */
@Injectable()
@PersonalData({ order: 10 })
export class MatchingPersonalData implements PersonalDataStep {
  constructor(private readonly release: StudentRelease) {}

  readonly covers = [
    'proposal_participant.student_id',
    'joint_action_participant.student_id',
    'joint_action_invitation.student_id',
    'offer_interest.student_id',
    'matching_run_unplaced.student_id',
  ];

  async export(tx: EntityManager, studentId: string): Promise<Record<string, unknown>> {
    const proposals = await tx.query(
      `SELECT p.id, p.status, p.created_at AS "createdAt", p.decided_at AS "decidedAt", p.decision_note AS "decisionNote",
         pp.score, pp.reasons, p.score AS "proposalScore",
         json_build_object('title', p.plan_title, 'summary', p.plan_summary, 'themes', p.plan_themes) AS plan,
         json_build_object('id', o.id, 'title', o.title, 'organization', g.name) AS offer,
         ja.id AS "jointActionId"
       FROM proposal_participant pp
       JOIN proposal p ON p.id = pp.proposal_id
       JOIN offer o ON o.id = p.offer_id
       JOIN organization g ON g.id = o.organization_id
       LEFT JOIN joint_action ja ON ja.proposal_id = p.id
       WHERE pp.student_id = $1
       ORDER BY p.created_at, p.id`,
      [studentId],
    );
    const jointActions = await tx.query(
      `SELECT ja.id, ja.title, ja.summary, ${themesSql('ja.themes')} AS themes, ja.created_at AS "createdAt", ja.event_id AS "eventId",
         json_build_object('id', o.id, 'title', o.title, 'organization', g.name) AS offer
       FROM joint_action_participant jp
       JOIN joint_action ja ON ja.id = jp.joint_action_id
       JOIN offer o ON o.id = ja.offer_id
       JOIN organization g ON g.id = o.organization_id
       WHERE jp.student_id = $1
       ORDER BY ja.created_at, ja.id`,
      [studentId],
    );
    const invitations = await tx.query(
      `SELECT i.joint_action_id AS "jointActionId", ja.title AS "jointAction", i.status::text AS status, i.invited_at AS "invitedAt", i.responded_at AS "respondedAt"
       FROM joint_action_invitation i JOIN joint_action ja ON ja.id = i.joint_action_id WHERE i.student_id = $1 ORDER BY i.invited_at, i.joint_action_id`,
      [studentId],
    );
    const offerInterests = await tx.query(
      `SELECT oi.offer_id AS "offerId", o.title AS offer, oi.interest::text AS interest, oi.updated_at AS "updatedAt"
       FROM offer_interest oi JOIN offer o ON o.id = oi.offer_id WHERE oi.student_id = $1 ORDER BY oi.updated_at, oi.offer_id`,
      [studentId],
    );
    const leftOut = await tx.query(
      `SELECT u.run_id AS "runId", r.created_at AS "runAt", u.reason::text AS reason, u.score, u.cutoff
       FROM matching_run_unplaced u JOIN matching_run r ON r.id = u.run_id WHERE u.student_id = $1 ORDER BY r.created_at, u.run_id`,
      [studentId],
    );
    return { proposals, jointActions, invitations, offerInterests, leftOut };
  }

  async erase(tx: EntityManager, studentId: string): Promise<void> {
    await this.release.release(tx, [studentId]);
    await tx.query(`UPDATE proposal_participant SET reasons = '{}' WHERE student_id = $1 AND cardinality(reasons) > 0`, [studentId]);
    await tx.query('DELETE FROM offer_interest WHERE student_id = $1', [studentId]);
    await tx.query('DELETE FROM matching_run_unplaced WHERE student_id = $1', [studentId]);
  }
}
