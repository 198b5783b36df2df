import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { forbidden } from '../common/errors/domain-error.js';
import { userIdOf, type GqlContext, type Viewer } from '../common/graphql/context.js';
import { CurrentViewer, Roles, SchoolPortal } from '../identity/auth.decorators.js';
import { AuthPayload, School } from '../identity/identity.models.js';
import { Role } from '../identity/role.enum.js';
import { StudentReadAudit } from './student-read-audit.js';
import { RosterValidationPipe } from './roster.pipe.js';
import { EnrollStudentInput, ExternalRefArgs, GuardianConsentArgs, StudentProfileInput } from './student.inputs.js';
import { Student, StudentProfile, type WholeStudent } from './student.models.js';
import { assertCanSeeStudentDetails, isMatchable } from './student.policy.js';
import { StudentService } from './student.service.js';

/** The school behind the x-api-key; resolvers behind @SchoolPortal can rely on it. */
function schoolIdOf(viewer: Viewer): string {
  if (viewer.kind !== 'school') throw forbidden('この操作は学校ポータルの API キーでのみ行えます');
  return viewer.schoolId;
}

@Resolver(() => Student)
export class StudentResolver {
  constructor(
    private readonly students: StudentService,
    /** records coordinators' reads of minors' details, one bulk insert per request (src/privacy); optional only for resolvers built by hand in unit tests */
    @Inject(StudentReadAudit) private readonly reads?: StudentReadAudit,
  ) {}

  // ------------------------------------------------------------------ school portal

  @SchoolPortal()
  @Mutation(() => Student, { description: 'school portal (x-api-key); idempotent on externalRef' })
  enrollStudent(@Args('input') input: EnrollStudentInput, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<Student> {
    return this.students.enroll(schoolIdOf(viewer), [input], ctx.loaders, () => 'input').then(([s]) => s);
  }

  @SchoolPortal()
  @Mutation(() => [Student], { description: 'school portal (x-api-key); a roster of at most 1000, all or nothing' })
  enrollStudents(
    @Args('input', { type: () => [EnrollStudentInput] }, RosterValidationPipe) input: EnrollStudentInput[],
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: GqlContext,
  ): Promise<Student[]> {
    return this.students.enroll(schoolIdOf(viewer), input, ctx.loaders, (i) => `input.${i}`);
  }

  @SchoolPortal()
  @Mutation(() => Student, { description: 'school portal (x-api-key)' })
  setGuardianConsent(@Args() args: GuardianConsentArgs, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<Student> {
    return this.students.setGuardianConsent(schoolIdOf(viewer), args.externalRef, args.consent, ctx.loaders);
  }

  @SchoolPortal()
  @Mutation(() => AuthPayload, { description: 'school portal (x-api-key): a session token for a student the portal has signed in' })
  issueStudentSession(@Args() args: ExternalRefArgs, @CurrentViewer() viewer: Viewer): Promise<AuthPayload> {
    return this.students.issueSession(schoolIdOf(viewer), args.externalRef);
  }

  @SchoolPortal()
  @Mutation(() => Boolean, { description: "school portal (x-api-key): erase the student's personal data" })
  withdrawStudent(@Args() args: ExternalRefArgs, @CurrentViewer() viewer: Viewer): Promise<boolean> {
    return this.students.withdraw(schoolIdOf(viewer), args.externalRef);
  }

  // ------------------------------------------------------------------ the student

  @Roles(Role.STUDENT)
  @Query(() => Student, { nullable: true })
  myStudent(@CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<Student | null> {
    return this.students.byId(ctx.loaders, userIdOf(viewer));
  }

  @Roles(Role.STUDENT)
  @Mutation(() => Student, { description: 'student' })
  updateMyStudentProfile(@Args('input') input: StudentProfileInput, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<Student> {
    return this.students.updateProfile(userIdOf(viewer), input, ctx.loaders);
  }

  // ------------------------------------------------------------------ guarded fields: the student, their school, coordinators
  // graphql-js's own (parent, args, context) and no parameter decorators: Nest hands graphql-js the
  // bound method itself (its fast field resolver) instead of a wrapper that runs the global pipes
  // on each parameter of each student (a roster of 100 answers 300 of these; bench/RESULTS.md).

  @ResolveField(() => School)
  async school(student: Student, _args: unknown, ctx: GqlContext): Promise<School> {
    assertCanSeeStudentDetails(ctx.viewer, student);
    this.reads?.note(ctx, student, 'school');
    return (await this.students.school(ctx.loaders, student.schoolId))!;
  }

  @ResolveField(() => Boolean)
  guardianConsent(student: Student, _args: unknown, ctx: GqlContext): boolean {
    assertCanSeeStudentDetails(ctx.viewer, student);
    this.reads?.note(ctx, student, 'guardianConsent');
    return student.guardianConsent;
  }

  @ResolveField(() => Boolean, { description: 'true when the matching worker may propose this student' })
  matchable(student: Student, _args: unknown, ctx: GqlContext): boolean | Promise<boolean> {
    assertCanSeeStudentDetails(ctx.viewer, student);
    this.reads?.note(ctx, student, 'matchable');
    // a summary (a page's participants) has no profile: read with the other students of the request
    return student.profile ? isMatchable(student as WholeStudent) : (this.students.withProfile(ctx.loaders, student) as Promise<WholeStudent>).then(isMatchable);
  }

  @ResolveField(() => StudentProfile)
  profile(student: Student, _args: unknown, ctx: GqlContext): StudentProfile | Promise<StudentProfile> {
    assertCanSeeStudentDetails(ctx.viewer, student);
    this.reads?.note(ctx, student, 'profile');
    return student.profile ?? (this.students.withProfile(ctx.loaders, student) as Promise<WholeStudent>).then((s) => s.profile);
  }
}
