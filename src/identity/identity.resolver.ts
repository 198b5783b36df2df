import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { userIdOf, type Viewer } from '../common/graphql/context.js';
import { CurrentViewer, Roles } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { AuthPayload, SchoolRegistration, User } from './identity.models.js';
import { LoginArgs, RegisterSchoolInput, SignUpInput } from './identity.inputs.js';
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
  login(@Args() args: LoginArgs): Promise<AuthPayload> {
    return this.auth.login(args.email, args.password);
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
}
