import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { badInput, notFound } from '../common/errors/domain-error.js';
import { byKeys, type Loaders } from '../common/graphql/loaders.js';
import { isUuid } from '../common/ids.js';
import { ThemeService } from '../graph/theme.service.js';
import { AccountService } from '../identity/account.service.js';
import type { AuthPayload, School } from '../identity/identity.models.js';
import { Role } from '../identity/role.enum.js';
import { TokensService } from '../identity/tokens.service.js';
import { PersonalDataRegistry } from '../personal-data/personal-data.registry.js';
import { STUDENT_MATCHING, type StudentMatching } from './student-matching.events.js';
import type { StudentStage } from './student.enums.js';
import { duplicateRefs, MAX_REPORTED_FIELDS } from './roster.pipe.js';
import type { EnrollStudentInput, StudentProfileInput } from './student.inputs.js';
import type { Student, StudentProfile, WholeStudent } from './student.models.js';
import { consentSatisfied, isMatchable, MAX_ROSTER, STUDENT_SESSION_TTL } from './student.policy.js';
import { upsertStudents } from './roster-upsert.js';

type Db = DataSource | EntityManager;

/** A student's row as read, with aliases `s` (student) and `u` (app_user). Enum arrays come back as text[]. */
export const STUDENT_COLUMNS = `s.id, u.display_name AS "displayName", s.stage, s.school_id AS "schoolId", s.guardian_consent AS "guardianConsent",
  s.themes, s.concerns, s.interests, s.area, s.slots::text[] AS slots, s.modes::text[] AS modes, s.withdrawn_at AS "withdrawnAt"`;

/**
 * A student as a summary, one JSON object per student (on `student s JOIN app_user u`): what a
 * long list shows of each (a page of proposals names about 200 participants) without the
 * profile's free texts and arrays, which the list does not show and which cost most of the
 * parsing (bench/RESULTS.md, bench:api). `summary()` turns one into a Student without a profile.
 */
export const STUDENT_SUMMARY_JSON = `json_build_object('id', s.id, 'displayName', u.display_name, 'stage', s.stage, 'schoolId', s.school_id,
  'guardianConsent', s.guardian_consent, 'withdrawnAt', s.withdrawn_at)`;

/**
 * Less than a summary: what a list that shows only students' names reads of each (the fields of
 * STUDENT_NAME_FIELDS). A root field reads it only when `selectsOnly` proves that the query asks
 * nothing else of these students; `named()` makes one a Student.
 */
export const STUDENT_NAME_JSON = `json_build_object('id', s.id, 'displayName', u.display_name, 'stage', s.stage)`;
export const STUDENT_NAME_FIELDS: ReadonlySet<string> = new Set(['id', 'displayName', 'stage']);
export type StudentNameRow = Pick<StudentSummaryRow, 'id' | 'displayName' | 'stage'>;

export interface StudentSummaryRow {
  id: string;
  displayName: string;
  stage: StudentStage;
  schoolId: string;
  guardianConsent: boolean;
  /** JSON's text of the timestamp */
  withdrawnAt: string | null;
}

export interface StudentRow {
  id: string;
  displayName: string;
  stage: StudentStage;
  schoolId: string;
  guardianConsent: boolean;
  themes: string[];
  concerns: string;
  interests: string;
  area: string | null;
  slots: StudentProfile['slots'];
  modes: StudentProfile['modes'];
  withdrawnAt: Date | null;
}

const toStudent = (r: Omit<StudentRow, 'displayName'>, displayName: string): WholeStudent => ({
  id: r.id,
  displayName,
  stage: r.stage,
  schoolId: r.schoolId,
  guardianConsent: r.guardianConsent,
  withdrawnAt: r.withdrawnAt,
  profile: { themes: r.themes, concerns: r.concerns, interests: r.interests, area: r.area, slots: r.slots, modes: r.modes },
});

/** What an enrolment needs to know of a student already there. */
interface Before {
  id: string;
  externalRef: string;
  stage: StudentStage;
  guardianConsent: boolean;
  themeCount: number;
}
const wasMatchable = (b: Before) => b.themeCount > 0 && consentSatisfied(b);

/**
 * Students: enrolled and kept by their school's portal (always scoped to the key's school),
 * their own profile, consent and erasure. Other modules read students through `byId`.
 */
@Injectable()
export class StudentService {
  private readonly logger = new Logger(StudentService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly themes: ThemeService,
    private readonly tokens: TokensService,
    private readonly personalData: PersonalDataRegistry,
    private readonly accounts: AccountService,
    @Inject(STUDENT_MATCHING) private readonly matching: StudentMatching,
  ) {}

  // ------------------------------------------------------------------ reading

  /**
   * A student by id (the student's user id), batched per request: a list of N proposals or
   * joint actions costs one query for all their students. Null when there is none. Withdrawn
   * students are returned too, anonymous (their name is the fixed label, their profile empty).
   */
  byId(loaders: Loaders, id: string): Promise<Student | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.loader(loaders).load(id);
  }

  /** Several students in the order asked for (null where there is none), one batch. */
  async byIds(loaders: Loaders, ids: readonly string[]): Promise<(Student | null)[]> {
    return Promise.all(ids.map((id) => this.byId(loaders, id)));
  }

  /** The school a student belongs to, batched per request. */
  school(loaders: Loaders, schoolId: string): Promise<School | null> {
    return loaders
      .get<string, School | null>('schoolById', async (ids) => {
        const found: School[] = await this.db.query('SELECT id, name FROM school WHERE id = ANY($1::uuid[])', [ids]);
        return byKeys(ids, found, (s) => s.id);
      })
      .load(schoolId);
  }

  /**
   * A Student from STUDENT_NAME_JSON: its plain fields only. Every other field of Student has a
   * resolver that needs the school, consent or profile, and the caller has proved (selectsOnly,
   * STUDENT_NAME_FIELDS) that the query asks for none of them; if one were asked anyway it would
   * fail (no school, a null consent), never answer another student's data. Not handed to the loader.
   */
  named(r: StudentNameRow): Student {
    return { id: r.id, displayName: r.displayName, stage: r.stage } as Student;
  }

  /**
   * A Student from a summary (STUDENT_SUMMARY_JSON), without its profile. Not handed to the
   * request's loader, which holds whole students only; `withProfile` completes it when a field needs the profile.
   */
  summary(r: StudentSummaryRow): Student {
    return { id: r.id, displayName: r.displayName, stage: r.stage, schoolId: r.schoolId, guardianConsent: r.guardianConsent, withdrawnAt: r.withdrawnAt === null ? null : new Date(r.withdrawnAt) };
  }

  /** The student with its profile: as it is when it has one, else read (batched) through the request's loader. */
  withProfile(loaders: Loaders, student: Student): WholeStudent | Promise<WholeStudent> {
    if (student.profile) return student as WholeStudent;
    return this.byId(loaders, student.id).then((s) => {
      if (!s?.profile) throw notFound('生徒');
      return s as WholeStudent;
    });
  }

  private loader(loaders: Loaders) {
    return loaders.get<string, Student | null>('studentById', async (ids) => byKeys(ids, await this.read(this.db, ids), (s) => s.id));
  }

  /** After a write the request's cache must not answer with what it read before. */
  private prime(loaders: Loaders, students: Student[]): void {
    const loader = this.loader(loaders);
    for (const s of students) loader.clear(s.id).prime(s.id, s);
  }

  private async read(db: Db, ids: readonly string[]): Promise<WholeStudent[]> {
    const found: StudentRow[] = await db.query(`SELECT ${STUDENT_COLUMNS} FROM student s JOIN app_user u ON u.id = s.id WHERE s.id = ANY($1::uuid[])`, [ids]);
    return found.map((r) => toStudent(r, r.displayName));
  }

  // ------------------------------------------------------------------ school portal

  /**
   * Enrols students, or updates those the school already has (by externalRef): name, stage and
   * consent always, the profile only when given. All or nothing, in one transaction, in bulk
   * (a handful of statements whatever the roster's size). Returns the students in input order.
   * `fieldOf(i)` names row i in errors (`input` for one student, `input.3` in a roster).
   */
  async enroll(schoolId: string, inputs: EnrollStudentInput[], loaders: Loaders, fieldOf: (i: number) => string): Promise<Student[]> {
    if (inputs.length > MAX_ROSTER) throw badInput([{ field: 'input', message: `一度に登録できるのは${MAX_ROSTER}人までです` }]);
    const duplicates = duplicateRefs(inputs, fieldOf);
    if (duplicates.length) throw badInput(duplicates.slice(0, MAX_REPORTED_FIELDS));
    await this.themes.assertKnown(inputs.flatMap((input, i) => (input.profile ? [{ keys: input.profile.themes, field: `${fieldOf(i)}.profile.themes` }] : [])));
    if (!inputs.length) return [];

    // one order for every write, so that two rosters touching the same students cannot deadlock
    const sorted = [...inputs].sort((a, b) => (a.externalRef < b.externalRef ? -1 : a.externalRef > b.externalRef ? 1 : 0));
    const refs = sorted.map((r) => r.externalRef);

    const { students, runMatching } = await this.db.transaction(async (tx) => {
      const before: Before[] = await tx.query(
        `SELECT id, external_ref AS "externalRef", stage, guardian_consent AS "guardianConsent", cardinality(themes) AS "themeCount"
         FROM student WHERE school_id = $1 AND external_ref = ANY($2::text[]) ORDER BY id FOR NO KEY UPDATE`,
        [schoolId, refs],
      );
      const existing = new Map(before.map((b) => [b.externalRef, b]));

      // accounts for new students, ids made here so that users and students go in as two bulk inserts
      const created = new Map(sorted.filter((r) => !existing.has(r.externalRef)).map((r) => [r.externalRef, randomUUID()]));
      if (created.size) {
        const fresh = sorted.filter((r) => created.has(r.externalRef));
        // a STUDENT account has neither email nor password: the student signs in through the school's session
        await this.accounts.createMany(tx, fresh.map((r) => ({ id: created.get(r.externalRef)!, displayName: r.displayName, role: Role.STUDENT })));
      }

      // the student rows with their profiles, read back as written (RETURNING): no statement of their own
      const written = await upsertStudents(tx, schoolId, sorted, (r) => existing.get(r.externalRef)?.id ?? created.get(r.externalRef)!);
      const idOf = new Map(written.map((w) => [w.externalRef, w.id]));

      // a concurrent enrolment of the same new student won the insert: its account is the one kept
      const unused = [...created].filter(([ref, id]) => idOf.get(ref) !== id).map(([, id]) => id);
      await this.accounts.dropUnused(tx, unused);

      // names as the upsert's snapshot found them, taken after the locks: only those that differ are written
      const nameNow = new Map(written.map((w) => [w.externalRef, w.displayName]));
      const renamed = sorted.filter((r) => idOf.get(r.externalRef) !== created.get(r.externalRef) && nameNow.get(r.externalRef) !== r.displayName);
      await this.accounts.rename(tx, renamed.map((r) => ({ id: idOf.get(r.externalRef)!, displayName: r.displayName })));

      // consent taken back (or a stage change that now needs it): out of every open proposal
      const revoked = sorted.filter((r) => {
        const b = existing.get(r.externalRef);
        return b !== undefined && consentSatisfied(b) && !consentSatisfied(r);
      });
      await this.matching.release(tx, revoked.map((r) => idOf.get(r.externalRef)!));

      // what a read back would find: nothing above or in release writes a student row after the upsert, and every name is now the roster's
      const nameOf = new Map(sorted.map((r) => [r.externalRef, r.displayName]));
      const after = new Map(written.map((w) => [w.id, toStudent(w, nameOf.get(w.externalRef)!)]));
      // a run only for what matching would see differently: a re-sent, unchanged roster asks for none
      // (every written row has the roster's stage: the upsert always sets it)
      const runMatching = written.some((w) => {
        if (!isMatchable(after.get(w.id)!)) return false;
        const b = existing.get(w.externalRef);
        return !b || !wasMatchable(b) || w.profileChanged || b.stage !== w.stage;
      });
      return { students: inputs.map((r) => after.get(idOf.get(r.externalRef)!)!), runMatching };
    });

    this.prime(loaders, students);
    if (runMatching) await this.profilesChanged();
    return students;
  }

  /**
   * Consent given or taken back; taken back, the student leaves every PROPOSED proposal and every
   * joint action in the same transaction (matching/student-release.service.ts). The student row is locked
   * first, as lock-order.ts says: a run or an approval holding it waits to be seen through.
   */
  async setGuardianConsent(schoolId: string, externalRef: string, consent: boolean, loaders: Loaders): Promise<Student> {
    const { student, runMatching } = await this.db.transaction(async (tx) => {
      const [b]: Before[] = await tx.query(
        `SELECT id, external_ref AS "externalRef", stage, guardian_consent AS "guardianConsent", cardinality(themes) AS "themeCount"
         FROM student WHERE school_id = $1 AND external_ref = $2 FOR NO KEY UPDATE`,
        [schoolId, externalRef],
      );
      if (!b) throw notFound('生徒 (externalRef)');
      if (b.guardianConsent !== consent) await tx.query('UPDATE student SET guardian_consent = $2, updated_at = now() WHERE id = $1', [b.id, consent]);
      // places given back ask for a (debounced) run, in this transaction: the cause is recorded with the job
      if (!consent) await this.matching.release(tx, [b.id]);
      const [student] = await this.read(tx, [b.id]);
      return { student, runMatching: isMatchable(student) && !wasMatchable(b) };
    });
    this.prime(loaders, [student]);
    if (runMatching) await this.profilesChanged();
    return student;
  }

  /** A short session for a student the portal has signed in; withdrawn or unknown students have none. */
  async issueSession(schoolId: string, externalRef: string): Promise<AuthPayload> {
    const [s]: { id: string; displayName: string; tokenVersion: number }[] = await this.db.query(
      `SELECT s.id, u.display_name AS "displayName", u.token_version AS "tokenVersion" FROM student s JOIN app_user u ON u.id = s.id
       WHERE s.school_id = $1 AND s.external_ref = $2 AND s.withdrawn_at IS NULL`,
      [schoolId, externalRef],
    );
    if (!s) throw notFound('生徒 (externalRef)');
    const token = await this.tokens.sign({ sub: s.id, typ: 'student', ver: s.tokenVersion }, STUDENT_SESSION_TTL);
    return { token, user: { id: s.id, displayName: s.displayName, roles: [Role.STUDENT] } };
  }

  /**
   * Erases the student's personal data in one transaction, on every platform: each module's
   * PersonalDataStep (personal-data.registry.ts) lets go of the student and erases what it holds:
   * out of every open proposal and joint action first, the texts and answers of every platform,
   * and the student's own row last, which stays anonymous and never matchable so that counts and
   * decided proposals keep their participant. Their tokens stop working.
   */
  async withdraw(schoolId: string, externalRef: string): Promise<boolean> {
    await this.db.transaction(async (tx) => {
      const [s]: { id: string }[] = await tx.query(
        'SELECT id FROM student WHERE school_id = $1 AND external_ref = $2 AND withdrawn_at IS NULL FOR NO KEY UPDATE',
        [schoolId, externalRef],
      );
      if (!s) throw notFound('生徒 (externalRef)');
      await this.personalData.eraseAll(tx, s.id);
    });
    return true;
  }

  // ------------------------------------------------------------------ the student

  /** Replaces the signed-in student's profile. */
  async updateProfile(studentId: string, input: StudentProfileInput, loaders: Loaders): Promise<Student> {
    await this.themes.assertKnown([{ keys: input.themes, field: 'input.themes' }]);
    const found = await this.db.transaction(async (tx) => {
      const updated = await writeProfiles(tx, [{ id: studentId, profile: input }]);
      return updated ? this.read(tx, [studentId]) : [];
    });
    if (!found.length) throw notFound('生徒');
    this.prime(loaders, found);
    if (isMatchable(found[0])) await this.profilesChanged();
    return found[0];
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Profiles that matching reads changed (and were committed): ask for a debounced run. The change
   * stands even when the queue is unreachable, so that failure is logged, not returned.
   */
  private async profilesChanged(): Promise<void> {
    try {
      await this.matching.profileChanged();
    } catch (err) {
      this.logger.warn(`could not queue a matching run after a profile change: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Replaces profiles in one statement; withdrawn students are left alone. Returns how many were written. */
async function writeProfiles(tx: EntityManager, items: { id: string; profile: StudentProfileInput }[]): Promise<number> {
  // theme keys and enum values hold no commas (both are validated), so a list travels as one text
  const updated = await rows<{ id: string }>(
    tx,
    `UPDATE student s SET themes = string_to_array(i.themes, ','), concerns = i.concerns, interests = i.interests, area = i.area,
       slots = string_to_array(i.slots, ',')::time_slot[], modes = string_to_array(i.modes, ',')::participation_mode[], updated_at = now()
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS i(id, themes, concerns, interests, area, slots, modes)
     WHERE s.id = i.id AND s.withdrawn_at IS NULL
     RETURNING s.id`,
    [
      items.map((i) => i.id),
      items.map((i) => i.profile.themes.join(',')),
      items.map((i) => i.profile.concerns),
      items.map((i) => i.profile.interests),
      items.map((i) => i.profile.area ?? null),
      items.map((i) => i.profile.slots.join(',')),
      items.map((i) => i.profile.modes.join(',')),
    ],
  );
  return updated.length;
}
