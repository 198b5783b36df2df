import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { badInput, forbidden, unauthenticated } from '../common/errors/domain-error.js';
import { hasRole, userIdOf, type GqlContext, type Viewer } from '../common/graphql/context.js';
import { requestIdOf } from '../common/audit/audit-writer.js';
import { CurrentViewer, Roles } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { AuthPayload, SchoolRegistration, User } from './identity.models.js';
import { LoginArgs, RegisterSchoolInput, RotateSchoolKeyArgs, SignUpInput } from './identity.inputs.js';
import { Role } from './role.enum.js';
import { SchoolService } from './school.service.js';
import { UserService } from './user.service.js';

@Resolver()
export class IdentityResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly schools: SchoolService,
    private readonly users: UserService,
  ) {}

  @Query(() => User, { nullable: true })
  me(@CurrentViewer() viewer: Viewer): Promise<User | null> {
    return viewer.kind === 'user' ? this.users.findById(viewer.userId) : Promise.resolve(null);
  }

  @Mutation(() => AuthPayload)
  login(@Args() args: LoginArgs, @Context() ctx: GqlContext): Promise<AuthPayload> {
    return this.auth.login(args.email, args.password, ctx.req?.ip ?? ctx.req?.socket?.remoteAddress);
  }

  @Mutation(() => AuthPayload, { description: 'anyone: a RESIDENT account' })
  signUp(@Args('input') input: SignUpInput): Promise<AuthPayload> {
    return this.auth.signUp(input);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => SchoolRegistration, { description: 'coordinator' })
  registerSchool(@Args('input') input: RegisterSchoolInput, @CurrentViewer() viewer: Viewer): Promise<SchoolRegistration> {
    return this.schools.register(input.name, userIdOf(viewer));
  }

  /**
   * Two callers, checked here rather than by @SchoolPortal or @Roles: a school portal rotates its
   * own key with the key it presents (x-api-key), and a coordinator rotates any school's key by
   * `schoolId` (a key that leaked, a portal that lost its key).
   */
  @Mutation(() => SchoolRegistration, {
    description:
      "school portal (x-api-key): replaces its own key, which stops working at once; coordinator: replaces the key of the school `schoolId`. The new key is shown once",
  })
  async rotateSchoolKey(@Args() args: RotateSchoolKeyArgs, @Context() ctx: GqlContext): Promise<SchoolRegistration> {
    const viewer = ctx.viewer;
    const requestId = requestIdOf(ctx);
    if (viewer.kind === 'anonymous') throw viewer.authError ?? unauthenticated('学校ポータルの API キー (x-api-key) かコーディネーターのログインが必要です');
    if (viewer.kind === 'school') {
      if (args.schoolId !== undefined && args.schoolId !== null && args.schoolId !== viewer.schoolId) {
        throw forbidden('学校ポータルの API キーで更新できるのは自校のキーだけです (a school key rotates only its own key)');
      }
      const currentKey = ctx.req.headers['x-api-key'];
      if (typeof currentKey !== 'string') throw unauthenticated('学校ポータルの API キー (x-api-key) が必要です');
      return this.schools.rotateKey(viewer.schoolId, { kind: 'school', currentKey }, requestId);
    }
    if (!hasRole(viewer, Role.COORDINATOR)) throw forbidden('学校の API キーを更新できるのは、その学校のポータルかコーディネーターです');
    if (!args.schoolId) throw badInput([{ field: 'schoolId', message: '更新する学校の schoolId を指定してください' }]);
    return this.schools.rotateKey(args.schoolId, { kind: 'coordinator', userId: viewer.userId }, requestId);
  }
}
