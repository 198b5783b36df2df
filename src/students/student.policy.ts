import { forbidden } from '../common/errors/domain-error.js';
import { hasRole, type Viewer } from '../common/graphql/context.js';
import { Role } from '../identity/role.enum.js';
import { StudentStage } from './student.enums.js';

/** What a withdrawn student is called from then on: the name is erased, the participation counted. */
export const WITHDRAWN_DISPLAY_NAME = '退会した参加者';

/** Session tokens a school portal issues for its students: short, since a shared school PC may keep them. */
export const STUDENT_SESSION_TTL = '2h';

/** The most students one roster (enrollStudents) may carry. */
export const MAX_ROSTER = 1000;

interface StudentFacts {
  id: string;
  schoolId: string;
  stage: StudentStage;
  guardianConsent: boolean;
  withdrawnAt: Date | null;
  profile: { themes: readonly string[] };
}

/**
 * Who may read a student's school, consent, matchability and profile: coordinators, the student
 * themself, and the student's own school portal. Anyone else who reaches a student (an
 * organisation member through a joint action, another student, another school) sees only id,
 * displayName and stage.
 */
export function canSeeStudentDetails(viewer: Viewer, student: Pick<StudentFacts, 'id' | 'schoolId'>): boolean {
  switch (viewer.kind) {
    case 'user':
      return viewer.userId === student.id || hasRole(viewer, Role.COORDINATOR);
    case 'school':
      return viewer.schoolId === student.schoolId;
    default:
      return false;
  }
}

export function assertCanSeeStudentDetails(viewer: Viewer, student: Pick<StudentFacts, 'id' | 'schoolId'>): void {
  if (!canSeeStudentDetails(viewer, student)) {
    throw forbidden('この生徒の詳細は、本人・在籍校・コーディネーターだけが見られます (student details are restricted)');
  }
}

/** Consent is what lets a minor be proposed; university students decide for themselves. */
export const consentSatisfied = (s: Pick<StudentFacts, 'stage' | 'guardianConsent'>): boolean => s.guardianConsent || s.stage === StudentStage.UNIVERSITY;

/**
 * The contract's "matchable": at least one theme, guardian consent (not needed at university),
 * and not withdrawn. The matching run's loader applies the same rule in SQL.
 */
export const isMatchable = (s: Pick<StudentFacts, 'stage' | 'guardianConsent' | 'withdrawnAt' | 'profile'>): boolean =>
  s.withdrawnAt === null && s.profile.themes.length > 0 && consentSatisfied(s);
