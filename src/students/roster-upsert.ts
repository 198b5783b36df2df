import type { EntityManager } from 'typeorm';
import type { EnrollStudentInput } from './student.inputs.js';
import type { StudentRow } from './student.service.js';

/**
 * A roster's student row as written, with the account's name as the statement found it, and
 * whether its profile differs from the one stored before (true for a new row).
 */
export type WrittenStudent = Omit<StudentRow, 'displayName'> & { externalRef: string; displayName: string | null; profileChanged: boolean };

/**
 * Inserts or updates the roster's student rows in one statement, in the rows' order, and returns
 * them as written. Name, stage and consent always; the profile only for rows that carry one and
 * never a withdrawn student's (as writeProfiles); a new row without one gets the columns' defaults.
 *
 * The rows travel as one JSON parameter (json_to_recordset turns its arrays into text[] and enum
 * arrays) and come back as one JSON object a row: for 100 rows that is one JSON.stringify and 100
 * JSON.parse instead of eleven array parameters escaped element by element and 1,400 columns
 * parsed one by one, the array ones by pg's array parser (bench/RESULTS.md, bench:api).
 *
 * `displayName` is the account's name as this statement's snapshot has it: begun after the lock
 * on the existing rows, it sees every enrolment that held them before; a row a concurrent
 * enrolment inserted meanwhile (the conflict waited for it) has its account outside the snapshot:
 * null, so it is renamed.
 *
 * `profileChanged` compares the profile as written with the row as this statement's snapshot had
 * it (`old`: a CTE sees the table as the statement began, before its own writes), stored values
 * against stored values: a school re-sending an unchanged roster asks for no matching run.
 */
export async function upsertStudents(
  tx: EntityManager,
  schoolId: string,
  rows: readonly EnrollStudentInput[],
  idFor: (r: EnrollStudentInput) => string,
): Promise<WrittenStudent[]> {
  const given = `s.withdrawn_at IS NULL AND EXCLUDED.external_ref = ANY($3::text[])`;
  const input = rows.map((r) => ({
    id: idFor(r),
    ref: r.externalRef,
    stage: r.stage,
    consent: r.guardianConsent,
    themes: r.profile?.themes ?? [],
    concerns: r.profile?.concerns ?? '',
    interests: r.profile?.interests ?? '',
    area: r.profile?.area ?? null,
    slots: r.profile?.slots ?? [],
    modes: r.profile?.modes ?? [],
  }));
  const found: { w: WrittenStudent & { withdrawnAt: string | null } }[] = await tx.query(
    `WITH old AS (SELECT o.id, o.themes, o.concerns, o.interests, o.area, o.slots, o.modes FROM student o WHERE o.school_id = $1 AND o.external_ref = ANY($4::text[]))
     INSERT INTO student AS s (id, school_id, external_ref, stage, guardian_consent, themes, concerns, interests, area, slots, modes)
     SELECT i.id, $1, i.ref, i.stage, i.consent, i.themes, i.concerns, i.interests, i.area, i.slots, i.modes
     FROM json_to_recordset($2::json) AS i(id uuid, ref text, stage student_stage, consent boolean, themes text[], concerns text, interests text,
       area text, slots time_slot[], modes participation_mode[])
     ON CONFLICT (school_id, external_ref) DO UPDATE SET stage = EXCLUDED.stage, guardian_consent = EXCLUDED.guardian_consent, updated_at = now(),
       themes = CASE WHEN ${given} THEN EXCLUDED.themes ELSE s.themes END, concerns = CASE WHEN ${given} THEN EXCLUDED.concerns ELSE s.concerns END,
       interests = CASE WHEN ${given} THEN EXCLUDED.interests ELSE s.interests END, area = CASE WHEN ${given} THEN EXCLUDED.area ELSE s.area END,
       slots = CASE WHEN ${given} THEN EXCLUDED.slots ELSE s.slots END, modes = CASE WHEN ${given} THEN EXCLUDED.modes ELSE s.modes END
     RETURNING json_build_object('id', s.id, 'externalRef', s.external_ref, 'stage', s.stage, 'schoolId', s.school_id,
       'guardianConsent', s.guardian_consent, 'themes', s.themes, 'concerns', s.concerns, 'interests', s.interests, 'area', s.area,
       'slots', s.slots, 'modes', s.modes, 'withdrawnAt', s.withdrawn_at,
       'displayName', (SELECT u.display_name FROM app_user u WHERE u.id = s.id),
       'profileChanged', NOT EXISTS (SELECT 1 FROM old WHERE old.id = s.id
         AND (old.themes, old.concerns, old.interests, old.area, old.slots, old.modes) IS NOT DISTINCT FROM (s.themes, s.concerns, s.interests, s.area, s.slots, s.modes))) AS w`,
    [schoolId, JSON.stringify(input), rows.filter((r) => r.profile).map((r) => r.externalRef), rows.map((r) => r.externalRef)],
  );
  // JSON's text of the timestamp, as the summaries read it (StudentService.summary)
  return found.map(({ w }) => {
    if (w.withdrawnAt !== null) (w as WrittenStudent).withdrawnAt = new Date(w.withdrawnAt);
    return w as WrittenStudent;
  });
}
