import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hasRole, type Viewer } from '../common/graphql/context.js';
import type { Loaders } from '../common/graphql/loaders.js';
import { MAX_PAGE } from '../common/graphql/pagination.js';
import { Role } from '../identity/role.enum.js';
import type { JointAction, StudentInvitation } from './matching.models.js';

/** A joint action row as JointAction (alias ja). */
export const JOINT_ACTION_COLUMNS = `ja.id, ja.title, ja.summary, ja.themes, ja.offer_id AS "offerId", ja.event_id AS "eventId",
  ja.proposal_id AS "proposalId", ja.created_at AS "createdAt", ja.status::text AS status, ja.respond_by AS "respondBy",
  ja.organization_status::text AS "organizationStatus", ja.organization_responded_at AS "organizationRespondedAt"`;
const COLUMNS = JOINT_ACTION_COLUMNS;

@Injectable()
export class JointActionService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A student's own joint actions; an organisation member's, those on its organisation's offers.
   * Anyone else is party to none. Newest first, at most `first`.
   */
  async mine(viewer: Viewer, first = MAX_PAGE): Promise<JointAction[]> {
    if (viewer.kind !== 'user') return [];
    const parts: string[] = [];
    if (viewer.roles.includes(Role.STUDENT)) {
      // every joint action the student was invited to, whatever they answered
      parts.push(`SELECT ${COLUMNS} FROM joint_action ja JOIN joint_action_invitation i ON i.joint_action_id = ja.id WHERE i.student_id = $1`);
    }
    if (viewer.roles.includes(Role.ORGANIZATION_MEMBER)) {
      parts.push(
        `SELECT ${COLUMNS} FROM joint_action ja JOIN offer o ON o.id = ja.offer_id
         JOIN organization_member m ON m.organization_id = o.organization_id WHERE m.user_id = $1`,
      );
    }
    if (!parts.length) return [];
    return this.db.query(`SELECT * FROM (${parts.join(' UNION ')}) j ORDER BY "createdAt" DESC, id DESC LIMIT $2`, [viewer.userId, first]);
  }

  /** Student ids of each joint action, batched per request. */
  participantIds(loaders: Loaders, jointActionId: string): Promise<string[]> {
    return loaders
      .get<string, string[]>('jointActionParticipants', async (ids) => {
        const found: { jointActionId: string; studentId: string }[] = await this.db.query(
          `SELECT joint_action_id AS "jointActionId", student_id AS "studentId" FROM joint_action_participant
           WHERE joint_action_id = ANY($1::uuid[]) ORDER BY joint_action_id, student_id`,
          [ids],
        );
        return ids.map((id) => found.filter((r) => r.jointActionId === id).map((r) => r.studentId));
      })
      .load(jointActionId);
  }

  /** Each joint action's invitations (every answer), batched per request. */
  invitations(loaders: Loaders, jointActionId: string): Promise<StudentInvitation[]> {
    return loaders
      .get<string, StudentInvitation[]>('jointActionInvitations', async (ids) => {
        const found: (StudentInvitation & { jointActionId: string })[] = await this.db.query(
          `SELECT joint_action_id AS "jointActionId", student_id AS "studentId", status::text AS status, responded_at AS "respondedAt"
           FROM joint_action_invitation WHERE joint_action_id = ANY($1::uuid[]) ORDER BY joint_action_id, invited_at, student_id`,
          [ids],
        );
        return ids.map((id) => found.filter((r) => r.jointActionId === id));
      })
      .load(jointActionId);
  }

  /**
   * Whether the viewer is a party of the joint action (batched per request): a coordinator, one of
   * its students (invited and not out of it: pending or accepted), or a member of the organisation
   * whose offer it is. Only parties see who takes part and when and where they meet (the
   * contract's "Minors first").
   */
  isParty(loaders: Loaders, viewer: Viewer, jointActionId: string): Promise<boolean> {
    if (hasRole(viewer, Role.COORDINATOR)) return Promise.resolve(true);
    if (viewer.kind !== 'user') return Promise.resolve(false);
    return loaders
      .get<string, boolean>('jointActionParty', async (ids) => {
        const found: { id: string }[] = await this.db.query(
          `SELECT ja.id FROM joint_action ja WHERE ja.id = ANY($1::uuid[]) AND (
             EXISTS (SELECT 1 FROM joint_action_invitation i WHERE i.joint_action_id = ja.id AND i.student_id = $2 AND i.status IN ('PENDING', 'ACCEPTED'))
             OR EXISTS (SELECT 1 FROM offer o JOIN organization_member m ON m.organization_id = o.organization_id WHERE o.id = ja.offer_id AND m.user_id = $2))`,
          [ids, viewer.userId],
        );
        const party = new Set(found.map((r) => r.id));
        return ids.map((id) => party.has(id));
      })
      .load(jointActionId);
  }
}
