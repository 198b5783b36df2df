import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GqlContext, Viewer } from '../common/graphql/context.js';
import type { Role } from './role.enum.js';

export const ACCESS_KEY = 'chifuku:access';
/** Who may call a resolver: any signed-in user, users with one of the roles, or a school portal key. */
export type Access = { kind: 'user'; roles?: Role[] } | { kind: 'school' };

/** Signed-in users with one of these roles (any role when none are given). */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { kind: 'user', roles: roles.length ? roles : undefined } satisfies Access);
/** Only a school portal sending its x-api-key. */
export const SchoolPortal = () => SetMetadata(ACCESS_KEY, { kind: 'school' } satisfies Access);

export const CurrentViewer = createParamDecorator((_: unknown, ctx: ExecutionContext): Viewer => {
  return GqlExecutionContext.create(ctx).getContext<GqlContext>().viewer;
});
