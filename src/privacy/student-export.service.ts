import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound } from '../common/errors/domain-error.js';
import { AuditKind } from './audit.enums.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditWriter } from './audit-writer.js';

/** The version of the export's shape; a portal can tell what it reads. */
export const EXPORT_FORMAT = 'chifuku-neo/student-data@1';

/** A timestamp inside json_build_object, as the rest of the document writes them (ISO 8601, UTC, milliseconds). */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const themesOf = (column: string) =>
  `coalesce((SELECT json_agg(json_build_object('key', t.key, 'label', t.label) ORDER BY array_position(${column}, t.key)) FROM theme t WHERE t.key = ANY(${column})), '[]'::json)`;

/**
 * The APPI disclosure request (個人情報保護法 第33条 保有個人データの開示): everything the service
 * holds on one student, for their school portal to hand over. Read in one REPEATABLE READ
 * transaction, so the parts agree with each other, and recorded in the audit log (DATA_EXPORT).
 */
@Injectable()
export class StudentExportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditWriter,
    private readonly auditLog: AuditLogService,
  ) {}

  /** The school's own student by externalRef; another school's student, a withdrawn one or none is NOT_FOUND. */
  async export(schoolId: string, externalRef: string, requestId: string | null): Promise<Record<string, unknown>> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const [student]: StudentPart[] = await tx.query(
        `SELECT s.id, s.external_ref AS "externalRef", s.stage, s.guardian_consent AS "guardianConsent",
           json_build_object('themes', ${themesOf('s.themes')}, 'concerns', s.concerns, 'interests', s.interests, 'area', s.area,
             'slots', s.slots::text[], 'modes', s.modes::text[]) AS profile,
           s.created_at AS "enrolledAt", s.updated_at AS "updatedAt",
           json_build_object('id', u.id, 'displayName', u.display_name, 'roles', u.roles::text[], 'email', u.email, 'area', u.area,
             'hasPassword', u.password_hash IS NOT NULL, 'createdAt', ${iso('u.created_at')}) AS account,
           json_build_object('id', sc.id, 'name', sc.name) AS school
         FROM student s JOIN app_user u ON u.id = s.id JOIN school sc ON sc.id = s.school_id
         WHERE s.school_id = $1 AND s.external_ref = $2 AND s.withdrawn_at IS NULL`,
        [schoolId, externalRef],
      );
      if (!student) throw notFound('生徒 (externalRef)');
      await this.audit.write([{ kind: AuditKind.DATA_EXPORT, actorSchoolId: schoolId, studentId: student.id, requestId }], tx);

      // one connection: one statement after another
      const proposals = await this.proposals(tx, student.id);
      const jointActions = await this.jointActions(tx, student.id);
      const events = await this.events(tx, student.id);
      const notifications = await this.notifications(tx, student.id);
      const audit = await this.auditLog.aboutStudent(tx, student.id);
      const { id, account, school, ...rest } = student;
      return {
        format: EXPORT_FORMAT,
        exportedAt: new Date().toISOString(),
        student: { id, ...rest },
        account,
        school,
        proposals,
        jointActions,
        events,
        notifications,
        auditLog: audit.map(({ id: entryId, kind, at, actor, actorSchool, fields, requestId, proposalId, decision }) => ({
          id: entryId,
          kind,
          at,
          actor: actor ? { id: actor.id, displayName: actor.displayName } : null,
          actorSchool,
          fields,
          requestId,
          proposalId,
          decision,
        })),
      };
    });
  }

  /** The proposals the student is or was in, with the offer, the student's own score and reasons, and the decision. */
  private proposals(tx: EntityManager, studentId: string): Promise<unknown[]> {
    return tx.query(
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
  }

  private jointActions(tx: EntityManager, studentId: string): Promise<unknown[]> {
    return tx.query(
      `SELECT ja.id, ja.title, ja.summary, ${themesOf('ja.themes')} AS themes, ja.created_at AS "createdAt", ja.event_id AS "eventId",
         json_build_object('id', o.id, 'title', o.title, 'organization', g.name) AS offer
       FROM joint_action_participant jp
       JOIN joint_action ja ON ja.id = jp.joint_action_id
       JOIN offer o ON o.id = ja.offer_id
       JOIN organization g ON g.id = o.organization_id
       WHERE jp.student_id = $1
       ORDER BY ja.created_at, ja.id`,
      [studentId],
    );
  }

  /** Events joined or waited for, on every platform. */
  private events(tx: EntityManager, studentId: string): Promise<unknown[]> {
    return tx.query(
      `SELECT e.id, e.platform, e.title, e.starts_at AS "startsAt", e.location, ep.status, ep.joined_at AS "joinedAt", ep.promoted_at AS "promotedAt"
       FROM event_participant ep JOIN event e ON e.id = ep.event_id
       WHERE ep.user_id = $1
       ORDER BY ep.joined_at, e.id`,
      [studentId],
    );
  }

  private notifications(tx: EntityManager, studentId: string): Promise<unknown[]> {
    return tx.query(
      `SELECT id, kind, title, body, event_id AS "eventId", created_at AS "createdAt", read_at AS "readAt"
       FROM notification WHERE user_id = $1 ORDER BY created_at, id`,
      [studentId],
    );
  }
}

interface StudentPart {
  id: string;
  externalRef: string;
  stage: string;
  guardianConsent: boolean;
  profile: unknown;
  enrolledAt: Date;
  updatedAt: Date;
  account: unknown;
  school: unknown;
}
