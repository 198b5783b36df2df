import type { DataSource } from 'typeorm';
import type { OfferInput, StudentInput } from '../engine/index.js';

/** The contract's "matchable": a theme, and consent unless at university; never a withdrawn student. */
export const MATCHABLE_SQL = `s.withdrawn_at IS NULL AND cardinality(s.themes) > 0 AND (s.guardian_consent OR s.stage = 'UNIVERSITY')`;

/** The contract's "eligible": OPEN, organisation verified, places left. */
export const ELIGIBLE_SQL = `o.status = 'OPEN' AND org.verified AND o.approved_count < o.capacity`;

/** Everything a run reads, in two queries (arrays come back as arrays; no per-row round trips). */
export async function loadMatchingInputs(db: DataSource): Promise<{ students: StudentInput[]; offers: OfferInput[] }> {
  const [students, offers] = await Promise.all([
    db.query(
      `SELECT s.id, s.stage, s.themes, s.concerns, s.interests, s.area, s.slots::text[] AS slots, s.modes::text[] AS modes
       FROM student s WHERE ${MATCHABLE_SQL} ORDER BY s.id`,
    ) as Promise<StudentInput[]>,
    db.query(
      `SELECT o.id, o.title, o.description, o.themes, o.capacity - o.approved_count AS "openPlaces", o.stages::text[] AS stages,
              o.area, o.mode, o.slots::text[] AS slots,
              coalesce((SELECT array_agg(jap.student_id) FROM joint_action ja JOIN joint_action_participant jap ON jap.joint_action_id = ja.id
                        WHERE ja.offer_id = o.id), '{}') AS "excludedStudentIds"
       FROM offer o JOIN organization org ON org.id = o.organization_id
       WHERE ${ELIGIBLE_SQL} ORDER BY o.id`,
    ) as Promise<OfferInput[]>,
  ]);
  return { students, offers };
}
