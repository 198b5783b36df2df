import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { forbidden, unauthenticated } from '../common/errors/domain-error.js';
import type { GqlContext } from '../common/graphql/context.js';
import { ACCESS_KEY, type Access } from './auth.decorators.js';

/** Enforces @Roles and @SchoolPortal on every resolver; resolvers without either are public. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!access) return true;
    const { viewer } = GqlExecutionContext.create(context).getContext<GqlContext>();
    if (access.kind === 'school') {
      if (viewer.kind === 'school') return true;
      if (viewer.kind === 'anonymous') throw viewer.authError ?? unauthenticated('学校ポータルの API キー (x-api-key) が必要です');
      throw forbidden('この操作は学校ポータルの API キーでのみ行えます');
    }
    if (viewer.kind === 'anonymous') throw viewer.authError ?? unauthenticated();
    if (viewer.kind !== 'user') throw forbidden('この操作にはユーザーとしてのログインが必要です');
    if (access.roles && !access.roles.some((r) => viewer.roles.includes(r))) throw forbidden();
    return true;
  }
}
