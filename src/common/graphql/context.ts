import type { Request, Response } from 'express';
import { forbidden, type DomainError } from '../errors/domain-error.js';
import type { Loaders } from './loaders.js';

/**
 * Who is calling: a signed-in user, a school portal (x-api-key), or nobody. Roles are identity's
 * vocabulary (identity/role.enum.ts); common holds them as strings so that it imports no module above it.
 */
export type Viewer =
  | { kind: 'user'; userId: string; roles: string[] }
  | { kind: 'school'; schoolId: string }
  | { kind: 'anonymous'; authError?: DomainError };

export interface GqlContext {
  req: Request;
  res?: Response;
  viewer: Viewer;
  loaders: Loaders;
}

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

/**
 * Turns a request's credentials into a Viewer. Common needs it (the GraphQL context, the HTTP rate
 * limit) and identity implements it (ViewerService), provided under VIEWER_RESOLVER so that common
 * does not import identity.
 */
export interface ViewerResolver {
  /** the viewer of a request (Authorization: Bearer or x-api-key), looked up once per request object */
  fromRequest(req: Pick<Request, 'headers'>): Promise<Viewer>;
  /** the viewer of an Authorization header's value (graphql-ws connection parameters) */
  fromAuthorization(header: string): Promise<Viewer>;
}
export const VIEWER_RESOLVER = Symbol('VIEWER_RESOLVER');
export const hasRole = (viewer: Viewer, role: string): boolean => viewer.kind === 'user' && viewer.roles.includes(role);

/** The signed-in user's id; resolvers behind @Roles can rely on it. */
export function userIdOf(viewer: Viewer): string {
  if (viewer.kind !== 'user') throw forbidden('この操作にはユーザーとしてのログインが必要です');
  return viewer.userId;
}
