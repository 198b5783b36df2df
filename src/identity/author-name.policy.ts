import { hasRole, type Viewer } from '../common/graphql/context.js';
import { Role } from './role.enum.js';

/** What a student who wrote something others read is called in front of them (the contract's "Minors first"). */
export const STUDENT_AUTHOR_LABEL = '生徒さん';

/** The author of a perspective, a もしも response or a comment, as its module reads them (see IS_STUDENT_SQL). */
export interface Author {
  id: string;
  displayName: string;
  isStudent: boolean;
}

/** Whether an app_user row (alias given) is a student's account: the STUDENT role, or enrolled as a student whatever its roles. */
export const isStudentSql = (user: string): string => `('${Role.STUDENT}' = ANY(${user}.roles) OR EXISTS (SELECT 1 FROM student st WHERE st.id = ${user}.id))`;

/**
 * The one rule for the name shown beside what someone wrote, for every module that shows one:
 * the author and coordinators see the name; an anonymous text shows nobody to anyone else; a
 * student shows to everyone else as 「生徒さん」; other authors by their display name.
 */
export function authorNameFor(viewer: Viewer, author: Author | null | undefined, opts: { anonymous?: boolean } = {}): string | null {
  if (!author) return null;
  if (hasRole(viewer, Role.COORDINATOR)) return author.displayName;
  if (opts.anonymous) return null;
  if (viewer.kind === 'user' && viewer.userId === author.id) return author.displayName;
  return author.isStudent ? STUDENT_AUTHOR_LABEL : author.displayName;
}
