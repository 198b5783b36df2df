import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createOrgMember, type TestUser } from '../support/factories.js';
import { createSchool, insertOffer, insertProposal, insertStudents } from '../support/matching-fixtures.js';

/**
 * auditLog shows coordinators' reads (SUPPORT_READ) and changes (SUPPORT_CHANGE) of みんなのもしも's
 * support needs and pairings, kept in support_audit, merged newest first with privacy_audit and
 * decision_audit under one keyset cursor.
 */
let t: TestApp;
let coordinator: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  coordinator = await createCoordinator(t);
});
afterAll(() => t?.close());

const AUDIT_LOG = `query($kind: AuditKind, $studentId: ID, $first: Int, $after: String) {
  auditLog(kind: $kind, studentId: $studentId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind at actor { id displayName } studentIds fields requestId proposalId decision supportAction needIds pairingIds } }
  }
}`;
const REGISTER = `mutation($input: RegisterSupportNeedInput!) { registerSupportNeed(input: $input) { id } }`;
const NEEDS = `{ supportNeeds { id label } }`;
const PAIRINGS = `{ supportPairings { id } }`;
const READ_STUDENT = `query($id: ID!) { proposal(id: $id) { participants { student { profile { themes } } } } }`;

/** As the coordinator, with a request id of our own. */
async function asCoordinator(query: string, variables: Record<string, unknown> = {}, requestId?: string) {
  let req = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${coordinator.token}`);
  if (requestId) req = req.set('x-request-id', requestId);
  const res = await req.send({ query, variables });
  expect(res.body.errors).toBeUndefined();
  return res.body.data;
}

/** Every entry under the filter, walking pages of `first`; checks totalCount on each page. */
async function walk(vars: Record<string, unknown>, first: number): Promise<any[]> {
  const entries: any[] = [];
  let after: string | undefined;
  let total: number | undefined;
  for (;;) {
    const page = (await asCoordinator(AUDIT_LOG, { ...vars, first, after })).auditLog;
    total ??= page.totalCount;
    expect(page.totalCount).toBe(total);
    expect(page.edges.length).toBeLessThanOrEqual(first);
    entries.push(...page.edges.map((e: { node: unknown }) => e.node));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(entries).toHaveLength(total!);
  return entries;
}

describe('auditLog and support_audit', () => {
  let needId: string;

  it('lists a coordinator’s read of supportNeeds: who, when, which needs, in which request', async () => {
    needId = (await asCoordinator(REGISTER, { input: { label: '中央-101', kinds: ['SHOPPING'], area: '中央', slots: ['WEEKDAY_DAYTIME'], consent: true } })).registerSupportNeed.id;
    await asCoordinator(NEEDS, {}, 'audit-needs-read-1');
    await asCoordinator(PAIRINGS, {}, 'audit-pairings-read-1');

    const log = await walk({}, 100);
    expect(log.slice(0, 3)).toEqual([
      expect.objectContaining({ kind: 'SUPPORT_READ', supportAction: 'PAIRING_READ', needIds: [], pairingIds: [], requestId: 'audit-pairings-read-1' }),
      expect.objectContaining({
        kind: 'SUPPORT_READ',
        supportAction: 'NEED_READ',
        actor: { id: coordinator.id, displayName: '福祉 花子' },
        needIds: [needId],
        studentIds: [],
        fields: [],
        requestId: 'audit-needs-read-1',
      }),
      expect.objectContaining({ kind: 'SUPPORT_CHANGE', supportAction: 'NEED_REGISTERED', needIds: [needId] }),
    ]);
    // ids only: the label is not repeated in the log
    expect(JSON.stringify(log)).not.toContain('中央-101');

    // by kind
    expect((await walk({ kind: 'SUPPORT_READ' }, 100)).map((e) => e.supportAction)).toEqual(['PAIRING_READ', 'NEED_READ']);
    expect((await walk({ kind: 'SUPPORT_CHANGE' }, 100)).map((e) => e.supportAction)).toEqual(['NEED_REGISTERED']);
    // entries of the other sources carry no support fields
    expect((await walk({ kind: 'STUDENT_READ' }, 100)).every((e) => e.supportAction === null && e.needIds.length === 0)).toBe(true);
  });

  it('pages support reads together with privacy_audit and decision_audit entries, ties across sources included', async () => {
    // reads of a minor (privacy_audit) and of needs (support_audit) interleaved through the API
    const schoolId = await createSchool(t, '久留米市立監査中学校');
    const [student] = await insertStudents(t, schoolId, [{ stage: 'JUNIOR_HIGH' }]);
    const offer = await insertOffer(t, { organizationId: (await createOrgMember(t)).org.id });
    const proposal = await insertProposal(t, offer, [student]);
    for (let i = 0; i < 3; i++) {
      await asCoordinator(READ_STUDENT, { id: proposal });
      await asCoordinator(NEEDS);
    }
    // and a decision (decision_audit) among them
    await asCoordinator(`mutation($id: ID!) { rejectProposal(id: $id, reason: "日程が合わない") { status } }`, { id: proposal });
    await asCoordinator(NEEDS);
    // three sources written at the very same instant: the order falls to the ids (S… before D… before A…)
    const at = '2020-02-02T02:02:02.123456Z';
    await t.db.query(`INSERT INTO privacy_audit (kind, actor_user_id, student_id, fields, at) VALUES ('STUDENT_READ', $1, $2, '{profile}', $3), ('STUDENT_READ', $1, $2, '{school}', $3)`, [
      coordinator.id,
      student,
      at,
    ]);
    await t.db.query(`INSERT INTO decision_audit (proposal_id, actor_id, decision, at) VALUES ($1, $2, 'REJECTED', $3)`, [proposal, coordinator.id, at]);
    await t.db.query(`INSERT INTO support_audit (actor_user_id, action, need_ids, at) VALUES ($1, 'NEED_READ', $2::uuid[], $3), ($1, 'PAIRING_READ', '{}', $3)`, [
      coordinator.id,
      [needId],
      at,
    ]);

    const all = await walk({}, 100);
    const kinds = new Set(all.map((e) => e.kind));
    for (const k of ['STUDENT_READ', 'DECISION', 'SUPPORT_READ', 'SUPPORT_CHANGE']) expect(kinds).toContain(k);
    // newest first; at one instant, by id, the source's letter first
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]];
      expect(a.at >= b.at).toBe(true);
      if (a.at === b.at && a.id[0] === b.id[0]) expect(BigInt(a.id.slice(1)) > BigInt(b.id.slice(1))).toBe(true);
    }
    const tie = all.filter((e) => e.at === '2020-02-02T02:02:02.123Z');
    expect(tie.map((e) => e.id[0])).toEqual(['S', 'S', 'D', 'A', 'A']);
    expect(tie.map((e) => e.supportAction ?? e.kind)).toEqual(['PAIRING_READ', 'NEED_READ', 'DECISION', 'STUDENT_READ', 'STUDENT_READ']);
    // the interleaved reads come back in the order they were made
    const recent = all.filter((e) => e.at > '2021').map((e) => e.kind);
    expect(recent.slice(0, 8)).toEqual(['SUPPORT_READ', 'DECISION', 'SUPPORT_READ', 'STUDENT_READ', 'SUPPORT_READ', 'STUDENT_READ', 'SUPPORT_READ', 'STUDENT_READ']);

    // every page size walks the same log, once, in the same order (a cursor may end on any source, or inside the tie)
    for (const first of [1, 2, 3, 7]) expect((await walk({}, first)).map((e) => e.id)).toEqual(all.map((e) => e.id));
    const reads = await walk({ kind: 'SUPPORT_READ' }, 100);
    expect(reads.length).toBe(all.filter((e) => e.kind === 'SUPPORT_READ').length);
    expect((await walk({ kind: 'SUPPORT_READ' }, 2)).map((e) => e.id)).toEqual(reads.map((e) => e.id));

    // support entries are about needs, never about a student: a student's entries and their export leave them out
    const about = await walk({ studentId: student }, 2);
    expect(about.length).toBeGreaterThan(0);
    expect(about.every((e) => !e.kind.startsWith('SUPPORT_'))).toBe(true);
    expect((await walk({ studentId: student, kind: 'SUPPORT_READ' }, 10)).length).toBe(0);
  });

  it('refuses a cursor that names no source', async () => {
    const bad = Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', `X${'0'.repeat(19)}`])).toString('base64url');
    expect((await t.gql(AUDIT_LOG, { after: bad }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
    const support = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000000Z', `S${'0'.repeat(18)}1`])).toString('base64url');
    expect((await t.gql(AUDIT_LOG, { after: support }, { token: coordinator.token })).errors).toBeUndefined();
  });
});
