import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { themesSql } from '../common/database/json-sql.js';
import { PersonalData, type PersonalDataStep } from '../personal-data/personal-data.js';
import { releaseStudents } from './student-release.js';

/**
 * The student in the matching graph: the proposals they are or were in (with their own score and
 * the reasons, which may name words of their texts), and their joint actions. Erased first: the
 * student leaves every open proposal and joint action (student-release.ts), and the reasons go;
 * the decided proposals stay, as the record of the decisions, with an anonymous participant.
 */
@Injectable()
@PersonalData({ order: 10 })
export class MatchingPersonalData implements PersonalDataStep {
  readonly covers = ['proposal_participant.student_id', 'joint_action_participant.student_id'];

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
    return { proposals, jointActions };
  }

  async erase(tx: EntityManager, studentId: string): Promise<void> {
    await releaseStudents(tx, [studentId]);
    await tx.query(`UPDATE proposal_participant SET reasons = '{}' WHERE student_id = $1 AND cardinality(reasons) > 0`, [studentId]);
  }
}
