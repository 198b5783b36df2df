import { Role } from '../../src/identity/role.enum.js';
import { TokensService } from '../../src/identity/tokens.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createOrganization, createUser, type TestUser } from '../support/factories.js';
import { createSchool, insertOffer, insertProposal, insertStudents } from '../support/matching-fixtures.js';

/** Decisions under concurrency, and who may read what around proposals and joint actions. */
let t: TestApp;
let coordinator: TestUser;
let member: TestUser;
let otherMember: TestUser;
let orgId: string;
let schoolId: string;

const APPROVE = `mutation($id: ID!) { approveProposal(id: $id) { id status } }`;

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await createCoordinator(t);
  member = await createUser(t, { roles: [Role.ORGANIZATION_MEMBER] });
  otherMember = await createUser(t, { roles: [Role.ORGANIZATION_MEMBER] });
  orgId = (await createOrganization(t, { verified: true, members: [member] })).id;
  await createOrganization(t, { verified: true, members: [otherMember] });
  schoolId = await createSchool(t);
});
afterAll(() => t?.close());

describe('concurrency', () => {
  it('50 approvals racing into an offer of capacity 3 admit exactly 3', async () => {
    const offer = await insertOffer(t, { organizationId: orgId, capacity: 3 });
    const students = await insertStudents(t, schoolId, Array.from({ length: 50 }, () => ({})));
    const proposals = await Promise.all(students.map((s) => insertProposal(t, offer, [s])));
    const coordinators = await Promise.all(Array.from({ length: 5 }, () => createCoordinator(t)));
    const results = await Promise.all(proposals.map((id, i) => t.gql(APPROVE, { id }, { token: coordinators[i % 5].token })));
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(3);
    expect(results.filter((r) => r.code === 'CONFLICT')).toHaveLength(47);
    expect(results.every((r) => !r.errors || r.code === 'CONFLICT')).toBe(true);
    const [o] = await t.db.query('SELECT approved_count FROM offer WHERE id = $1', [offer]);
    expect(o.approved_count).toBe(3);
    const [counts] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM joint_action WHERE offer_id = $1) AS actions,
              (SELECT count(*)::int FROM proposal WHERE offer_id = $1 AND status = 'APPROVED') AS approved,
              (SELECT count(*)::int FROM proposal WHERE offer_id = $1 AND status = 'PROPOSED') AS open`,
      [offer],
    );
    // the refused ones rolled back whole: still PROPOSED, no joint action, no event
    expect(counts).toEqual({ actions: 3, approved: 3, open: 47 });
  });

  it('of two coordinators deciding one proposal at once, exactly one succeeds', async () => {
    const offer = await insertOffer(t, { organizationId: orgId, capacity: 5 });
    const [s] = await insertStudents(t, schoolId, [{}]);
    const proposal = await insertProposal(t, offer, [s]);
    const [a, b] = await Promise.all([createCoordinator(t), createCoordinator(t)]);
    const results = await Promise.all([
      t.gql(APPROVE, { id: proposal }, { token: a.token }),
      t.gql(`mutation($id: ID!) { rejectProposal(id: $id, reason: "定員の都合") { status } }`, { id: proposal }, { token: b.token }),
    ]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.code === 'CONFLICT')).toHaveLength(1);
    expect(await t.db.query('SELECT count(*)::int AS n FROM decision_audit WHERE proposal_id = $1', [proposal])).toEqual([{ n: 1 }]);
  });

  it('refuses approval when a closed offer or an unknown id', async () => {
    const offer = await insertOffer(t, { organizationId: orgId, capacity: 5, status: 'CLOSED' });
    const [s] = await insertStudents(t, schoolId, [{}]);
    const proposal = await insertProposal(t, offer, [s]);
    expect((await t.gql(APPROVE, { id: proposal }, { token: coordinator.token })).code).toBe('CONFLICT');
    expect((await t.db.query('SELECT status FROM proposal WHERE id = $1', [proposal]))[0].status).toBe('PROPOSED');
    expect((await t.gql(APPROVE, { id: '00000000-0000-4000-8000-000000000000' }, { token: coordinator.token })).code).toBe('NOT_FOUND');
    expect((await t.gql(APPROVE, { id: 'nope' }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
  });
});

describe('who sees what', () => {
  let jointActionStudent: string;
  let outsider: string;
  let proposalId: string;

  let viewer: TestUser;

  beforeAll(async () => {
    // an organisation of its own, so that only this joint action is the member's
    viewer = await createUser(t, { roles: [Role.ORGANIZATION_MEMBER] });
    const own = await createOrganization(t, { verified: true, members: [viewer] });
    const offer = await insertOffer(t, { organizationId: own.id, capacity: 5 });
    [jointActionStudent, outsider] = await insertStudents(t, schoolId, [
      { displayName: '協働 花子', concerns: '通学路の見守りが心配', stage: 'HIGH_SCHOOL' },
      { displayName: '外部 太郎', concerns: '秘密の悩み' },
    ]);
    const approved = await insertProposal(t, offer, [jointActionStudent]);
    expect((await t.gql(APPROVE, { id: approved }, { token: coordinator.token })).errors).toBeUndefined();
    // the student says yes: a participant from then on
    const [{ jointActionId }] = await t.db.query('SELECT joint_action_id AS "jointActionId" FROM proposal WHERE id = $1', [approved]);
    const studentToken = await t.app.get(TokensService).sign({ sub: jointActionStudent, typ: 'student' });
    const accepted = await t.gql('mutation($id: ID!) { respondToJointAction(jointActionId: $id, accept: true) { id } }', { id: jointActionId }, { token: studentToken });
    expect(accepted.errors).toBeUndefined();
    proposalId = await insertProposal(t, offer, [outsider]);
  });

  it('an organisation member never reads proposals or runs, not even those of its own offers', async () => {
    const [{ runId }] = await t.db.query('SELECT run_id AS "runId" FROM proposal WHERE id = $1', [proposalId]);
    // the proposal is on the viewer's own organisation's offer: still not theirs to read; nor another's
    for (const who of [viewer, member]) {
      for (const [query, vars] of [
        ['{ proposals(first: 10) { totalCount } }', {}],
        ['query($id: ID!) { proposal(id: $id) { id } }', { id: proposalId }],
        ['query($id: ID!) { matchingRun(id: $id) { id } }', { id: runId }],
        ['mutation { requestMatchingRun { id } }', {}],
        ['mutation($id: ID!) { approveProposal(id: $id) { id } }', { id: proposalId }],
      ] as const) {
        const res = await t.gql(query, vars, { token: who.token });
        expect({ query, code: res.code }).toEqual({ query, code: 'FORBIDDEN' });
        // nullable fields come back null beside the error; nothing of the proposal or run leaks
        expect(Object.values(res.data ?? {}).every((v) => v === null)).toBe(true);
        expect(JSON.stringify(res)).not.toMatch(/外部 太郎|秘密の悩み/);
      }
    }
    // the control: a coordinator does read both (the ids are real)
    expect((await t.gql('query($id: ID!) { proposal(id: $id) { id } }', { id: proposalId }, { token: coordinator.token })).data.proposal.id).toBe(proposalId);
    expect((await t.gql('query($id: ID!) { matchingRun(id: $id) { id } }', { id: runId }, { token: coordinator.token })).data.matchingRun.id).toBe(runId);
    expect((await t.db.query('SELECT status FROM proposal WHERE id = $1', [proposalId]))[0].status).toBe('PROPOSED');
  });

  it("through its joint actions a member reads participants' displayName and stage only", async () => {
    const names = await t.gql('{ myJointActions { title participants { id displayName stage } } }', {}, { token: viewer.token });
    expect(names.errors).toBeUndefined();
    expect(names.data.myJointActions).toHaveLength(1);
    expect(names.data.myJointActions[0].participants).toEqual([{ id: jointActionStudent, displayName: '協働 花子', stage: 'HIGH_SCHOOL' }]);
    for (const field of ['school { name }', 'profile { concerns }', 'profile { themes }', 'guardianConsent', 'matchable']) {
      const res = await t.gql(`{ myJointActions { participants { ${field} } } }`, {}, { token: viewer.token });
      expect(res.code).toBe('FORBIDDEN');
      expect(JSON.stringify(res.data ?? null)).not.toContain('通学路');
    }
    // another organisation sees none of it
    expect((await t.gql('{ myJointActions { id } }', {}, { token: otherMember.token })).data.myJointActions).toEqual([]);
  });

  it("a student sees their own joint actions, not others' proposals", async () => {
    const token = await t.app.get(TokensService).sign({ sub: jointActionStudent, typ: 'student' });
    const mine = await t.gql('{ myJointActions { participants { id displayName } event { platform } } }', {}, { token });
    expect(mine.data.myJointActions).toHaveLength(1);
    expect(mine.data.myJointActions[0].event.platform).toBe('FUTURE_CONFERENCE');
    expect((await t.gql('{ proposals(first: 5) { totalCount } }', {}, { token })).code).toBe('FORBIDDEN');
    const outsiderToken = await t.app.get(TokensService).sign({ sub: outsider, typ: 'student' });
    expect((await t.gql('{ myJointActions { id } }', {}, { token: outsiderToken })).data.myJointActions).toEqual([]);
  });
});
