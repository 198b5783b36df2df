import { DomainError } from '../../src/common/errors/domain-error.js';
import type { GqlContext, Viewer } from '../../src/common/graphql/context.js';
import { Loaders } from '../../src/common/graphql/loaders.js';
import { Role } from '../../src/identity/role.enum.js';
import { StudentStage } from '../../src/students/student.enums.js';
import type { WholeStudent } from '../../src/students/student.models.js';
import { canSeeStudentDetails, isMatchable } from '../../src/students/student.policy.js';
import { StudentResolver } from '../../src/students/student.resolver.js';
import type { StudentService } from '../../src/students/student.service.js';

const SCHOOL = '11111111-1111-4111-8111-111111111111';
const OTHER_SCHOOL = '22222222-2222-4222-8222-222222222222';
const student: WholeStudent = {
  id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  displayName: '久留米 さくら',
  stage: StudentStage.HIGH_SCHOOL,
  schoolId: SCHOOL,
  guardianConsent: true,
  withdrawnAt: null,
  profile: { themes: ['disaster'], concerns: '悩み', interests: '関心', area: '荒木', slots: [], modes: [] },
};
const user = (roles: Role[], userId = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'): Viewer => ({ kind: 'user', userId, roles });

const allowed: [string, Viewer][] = [
  ['a coordinator', user([Role.COORDINATOR])],
  ['the student themself', user([Role.STUDENT], student.id)],
  ["the student's own school key", { kind: 'school', schoolId: SCHOOL }],
];
const refused: [string, Viewer][] = [
  ['an organisation member', user([Role.ORGANIZATION_MEMBER])],
  ['another student', user([Role.STUDENT])],
  ['a resident', user([Role.RESIDENT])],
  ["another school's key", { kind: 'school', schoolId: OTHER_SCHOOL }],
  ['nobody', { kind: 'anonymous' }],
];

describe('student detail visibility', () => {
  it.each(allowed)('%s sees the details', (_, viewer) => expect(canSeeStudentDetails(viewer, student)).toBe(true));
  it.each(refused)('%s does not', (_, viewer) => expect(canSeeStudentDetails(viewer, student)).toBe(false));

  // the fields themselves refuse, whatever query reached the student
  // withProfile as the service answers a student read whole: the student itself
  const resolver = new StudentResolver({ school: async () => ({ id: SCHOOL, name: '荒木中学校' }), withProfile: (_: unknown, s: WholeStudent) => s } as unknown as StudentService);
  const ctx = (viewer: Viewer) => ({ viewer, loaders: new Loaders() }) as GqlContext;
  // each field with what it answers the allowed viewers: the student's own value (a null or a
  // wrong value is a failure, not an answer)
  const guarded: [string, (c: GqlContext) => unknown, unknown][] = [
    ['school', (c) => resolver.school(student, {}, c), { id: SCHOOL, name: '荒木中学校' }],
    ['guardianConsent', (c) => resolver.guardianConsent(student, {}, c), true],
    ['matchable', (c) => resolver.matchable(student, {}, c), true],
    ['profile', (c) => resolver.profile(student, {}, c), student.profile],
  ];

  it.each(guarded)('%s is FORBIDDEN to the refused viewers and answers the allowed ones', async (_, field, value) => {
    for (const [, viewer] of refused) {
      const outcome = await Promise.resolve()
        .then(() => field(ctx(viewer)))
        .then(
          () => 'answered',
          (err: unknown) => (err instanceof DomainError ? err.code : 'other error'),
        );
      expect(outcome).toBe('FORBIDDEN');
    }
    for (const [, viewer] of allowed) await expect(Promise.resolve().then(() => field(ctx(viewer)))).resolves.toEqual(value);
  });
});

describe('matchable', () => {
  const s = (over: Partial<WholeStudent>, themes = ['disaster']): WholeStudent => ({ ...student, ...over, profile: { ...student.profile, themes } });
  it('needs a theme, consent (not at university) and not being withdrawn', () => {
    expect(isMatchable(s({}))).toBe(true);
    expect(isMatchable(s({}, []))).toBe(false);
    expect(isMatchable(s({ guardianConsent: false }))).toBe(false);
    expect(isMatchable(s({ guardianConsent: false, stage: StudentStage.UNIVERSITY }))).toBe(true);
    expect(isMatchable(s({ withdrawnAt: new Date() }))).toBe(false);
  });
});
