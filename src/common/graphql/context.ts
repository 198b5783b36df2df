import type { Request, Response } from 'express';
import type { Role } from '../../identity/role.enum.js';
import { forbidden, type DomainError } from '../errors/domain-error.js';
import type { Loaders } from './loaders.js';

/** Who is calling: a signed-in user, a school portal (x-api-key), or nobody. */
export type Viewer =
  | { kind: 'user'; userId: string; roles: Role[] }
  | { kind: 'school'; schoolId: string }
  | { kind: 'anonymous'; authError?: DomainError };

export interface GqlContext {
  req: Request;
  res?: Response;
  viewer: Viewer;
  loaders: Loaders;
}

export const ANONYMOUS: Viewer = { kind: 'anonymous' };
export const hasRole = (viewer: Viewer, role: Role): boolean => viewer.kind === 'user' && viewer.roles.includes(role);

/** The signed-in user's id; resolvers behind @Roles can rely on it. */
export function userIdOf(viewer: Viewer): string {
  if (viewer.kind !== 'user') throw forbidden('この操作にはユーザーとしてのログインが必要です');
  return viewer.userId;
}
