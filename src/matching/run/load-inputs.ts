import type { DataSource } from 'typeorm';
import type { OfferInput, StudentInput } from '../engine/index.js';

/** What the load needs of a connection: a DataSource, or the engine thread's own pool (engine-thread.ts). */
export type SqlReader = Pick<DataSource, 'query'> | { query(sql: string): Promise<unknown[]> };

/** A live invitation: pending or accepted, in a joint action not cancelled. Such a student is placed. */
export const LIVE_INVITATION_SQL = (student: string) =>
  `EXISTS (SELECT 1 FROM joint_action_invitation li JOIN joint_action lja ON lja.id = li.joint_action_id
           WHERE li.student_id = ${student} AND li.status IN ('PENDING', 'ACCEPTED') AND lja.status <> 'CANCELLED')`;

/** The contract's "matchable": a theme, and consent unless at university; never a withdrawn student. */
export const MATCHABLE_SQL = `s.withdrawn_at IS NULL AND cardinality(s.themes) > 0 AND (s.guardian_consent OR s.stage = 'UNIVERSITY')`;

/** Who a run considers: matchable and not placed already (no live invitation: accepted students stay where they are). */
export const PROPOSABLE_SQL = `${MATCHABLE_SQL} AND NOT ${LIVE_INVITATION_SQL('s.id')}`;

/** The contract's "eligible": OPEN, organisation verified, places left. */
export const ELIGIBLE_SQL = `o.status = 'OPEN' AND org.verified AND o.approved_count < o.capacity`;

const STUDENTS_SQL = `SELECT s.id, s.stage, s.themes, s.concerns, s.interests, s.area, s.slots::text[] AS slots, s.modes::text[] AS modes
       FROM student s WHERE ${PROPOSABLE_SQL} ORDER BY s.id`;

const OFFERS_SQL = `SELECT o.id, o.title, o.description, o.themes, o.capacity - o.approved_count AS "openPlaces", o.stages::text[] AS stages,
              o.area, o.mode, o.slots::text[] AS slots,
              coalesce((SELECT array_agg(i.student_id) FROM joint_action ja JOIN joint_action_invitation i ON i.joint_action_id = ja.id
                        WHERE ja.offer_id = o.id AND ja.status <> 'CANCELLED' AND i.status <> 'DECLINED'), '{}') AS "excludedStudentIds",
              coalesce((SELECT array_agg(x.student_id) FROM (
                          SELECT i.student_id FROM joint_action ja JOIN joint_action_invitation i ON i.joint_action_id = ja.id
                          WHERE ja.offer_id = o.id AND i.status = 'DECLINED'
                          UNION SELECT oi.student_id FROM offer_interest oi WHERE oi.offer_id = o.id AND oi.interest = 'NOT_INTERESTED') x), '{}') AS "declinedStudentIds",
              coalesce((SELECT array_agg(oi.student_id) FROM offer_interest oi WHERE oi.offer_id = o.id AND oi.interest = 'INTERESTED'), '{}') AS "interestedStudentIds",
              CASE WHEN EXISTS (SELECT 1 FROM joint_action ja WHERE ja.offer_id = o.id AND ja.status <> 'CANCELLED') THEN 1 ELSE o.min_participants END AS "minParticipants"
       FROM offer o JOIN organization org ON org.id = o.organization_id
       WHERE ${ELIGIBLE_SQL} ORDER BY o.id`;

/** The statements of a run's read, for the engine thread to plan before its first run. */
export const INPUT_STATEMENTS: readonly string[] = [STUDENTS_SQL, OFFERS_SQL];

/**
 * Everything a run reads, in two queries (arrays come back as arrays; no per-row round trips).
 * Per offer: the students invited to a joint action of it that went ahead (never proposed it
 * again; a group that was cancelled does not count against them), those who declined it or
 * marked it NOT_INTERESTED (never proposed it, a reason they may be left out), those who marked it
 * INTERESTED (a bonus), and the minimum of a new group (1 when a live joint action of the offer
 * takes refills: it has its group already).
 */
export async function loadMatchingInputs(db: SqlReader): Promise<{ students: StudentInput[]; offers: OfferInput[] }> {
  const [students, offers] = await Promise.all([db.query(STUDENTS_SQL) as Promise<StudentInput[]>, db.query(OFFERS_SQL) as Promise<OfferInput[]>]);
  return { students, offers };
}
