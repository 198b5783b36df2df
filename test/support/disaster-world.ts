import { Role } from '../../src/identity/role.enum.js';
import type { TestApp } from './app.js';
import { createCoordinator, createUser, type TestUser } from './factories.js';
import { waitUntil } from './process.js';

/**
 * A small city for the disaster tests, paired the real way (pledges and needs through the API, the
 * SUPPORT run on the worker, approvals by a coordinator):
 *
 *   中央-あおぞら (中央, wants 2): helpers A (resident) and B (organisation member), both approved
 *   中央-ひだまり (中央, wants 1): helper C proposed, never approved
 *   南-こもれび   (南, wants 1):   helper S, approved (the helper of another area)
 *   中央-わかば   (中央, wants 1): a student helper (pledge written in SQL: pledgeSupport refuses
 *                                 students today; the rules must hold if a student ever helps)
 *   中央-ささえ   (中央, wants 3): nobody fits (the largest gap)
 */
export const Q = {
  PLEDGE: `mutation($input: PledgeSupportInput!) { pledgeSupport(input: $input) { id } }`,
  REGISTER: `mutation($input: RegisterSupportNeedInput!) { registerSupportNeed(input: $input) { id label helpersWanted approvedHelpers hasContactCard safety } }`,
  REQUEST_RUN: `mutation { requestSupportMatching { id } }`,
  RUN: `query($id: ID!) { matchingRun(id: $id) { status } }`,
  PAIRINGS: `query($status: ProposalStatus) { supportPairings(status: $status) { id status pledge { helper { id } } need { id label } } }`,
  APPROVE: `mutation($id: ID!) { approveSupportPairing(id: $id) { id status } }`,
  DECLARE: `mutation($input: DeclareDisasterInput!) { declareDisaster(input: $input) { id topic title areas status startedAt endsAt endedAt drill } }`,
  END: `mutation($id: ID!) { endDisaster(id: $id) { id status endedAt } }`,
  ACTIVE: `{ activeDisasters { id title areas status drill } }`,
  DISASTER: `query($id: ID!) { disaster(id: $id) { id status endsAt endedAt drill safetyCounts { status count } } }`,
  BOARD: `query($id: ID!, $first: Int, $after: String) { disaster(id: $id) { board(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { status note reportedAt reportedBy need { id label } } } } } }`,
  SET_CARD: `mutation($needId: ID!, $input: ContactCardInput!) { setContactCard(needId: $needId, input: $input) { id hasContactCard } }`,
  ASSIGNMENTS: `{ myHelpAssignments { pairingId needLabel kinds area safety disaster { id drill } contact { name address phone notes } } }`,
  ASSIGNMENTS_NO_CONTACT: `{ myHelpAssignments { pairingId needLabel kinds area safety disaster { id drill } } }`,
  REPORT: `mutation($needId: ID!, $status: SafetyStatus!, $note: String, $disasterId: ID) { reportSafety(needId: $needId, status: $status, note: $note, disasterId: $disasterId) { status note reportedAt reportedBy } }`,
  GAPS: `{ supportGaps { id label helpersWanted approvedHelpers } }`,
  REMOVE: `mutation($needId: ID!) { removeSupportNeed(needId: $needId) }`,
  NEED_FIELDS: `{ supportNeeds { id label helpersWanted approvedHelpers hasContactCard safety } }`,
};

export const CARD = {
  name: '筑後 ハナヱ',
  address: '久留米市中央町九丁目 ひまわり荘 203号',
  phone: '0942-99-1234',
  notes: '車いす、2階の寝室。合鍵は隣の縞田さん',
};

export const ok = (res: { errors?: unknown; data?: any }): any => {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
};

export interface World {
  coordinator: TestUser;
  A: TestUser;
  B: TestUser;
  C: TestUser;
  S: TestUser;
  student: TestUser;
  need: { aozora: string; hidamari: string; komorebi: string; wakaba: string; sasae: string };
  pairing: { A: string; B: string; C: string; S: string; student: string };
}

export async function runSupportMatching(t: TestApp, coordinator: TestUser): Promise<void> {
  const run = ok(await t.gql(Q.REQUEST_RUN, {}, coordinator)).requestSupportMatching;
  let status = '';
  await waitUntil(async () => {
    status = (await t.gql(Q.RUN, { id: run.id }, coordinator)).data.matchingRun.status;
    return status === 'COMPLETED' || status === 'FAILED';
  }, 30_000);
  if (status !== 'COMPLETED') throw new Error(`support run ${status}`);
}

/** Builds the city above; the worker must be running. */
export async function buildWorld(t: TestApp): Promise<World> {
  const coordinator = await createCoordinator(t);
  const A = await createUser(t, { displayName: '支援者 あかね' });
  const B = await createUser(t, { roles: [Role.ORGANIZATION_MEMBER], displayName: '団体 ぶどう' });
  const C = await createUser(t, { displayName: '支援者 ちさと' });
  const S = await createUser(t, { displayName: '支援者 すばる' });
  const student = await createUser(t, { roles: [Role.STUDENT], displayName: '生徒 みなと' });
  const pledge = async (u: TestUser, input: Record<string, unknown>) => ok(await t.gql(Q.PLEDGE, { input }, u));
  await pledge(A, { kinds: ['EVACUATION_ESCORT', 'CHECK_IN_CALL'], area: '中央', slots: ['WEEKDAY_EVENING'] });
  await pledge(B, { kinds: ['EVACUATION_ESCORT'], area: '中央', slots: ['WEEKDAY_EVENING'] });
  await pledge(C, { kinds: ['SHOPPING'], area: '中央', slots: ['WEEKEND_MORNING'] });
  await pledge(S, { kinds: ['CHECK_IN_CALL'], area: '南', slots: ['WEEKDAY_DAYTIME'] });
  await t.db.query(`INSERT INTO support_pledge (helper_id, kinds, area, slots) VALUES ($1, '{TRANSLATION}', '中央', '{WEEKEND_AFTERNOON}')`, [student.id]);

  const register = async (label: string, input: Record<string, unknown>) =>
    ok(await t.gql(Q.REGISTER, { input: { label, consent: true, ...input } }, coordinator)).registerSupportNeed.id as string;
  const need = {
    aozora: await register('中央-あおぞら', { kinds: ['EVACUATION_ESCORT', 'CHECK_IN_CALL'], area: '中央', slots: ['WEEKDAY_EVENING'], helpersWanted: 2 }),
    hidamari: await register('中央-ひだまり', { kinds: ['SHOPPING'], area: '中央', slots: ['WEEKEND_MORNING'], helpersWanted: 1 }),
    komorebi: await register('南-こもれび', { kinds: ['CHECK_IN_CALL'], area: '南', slots: ['WEEKDAY_DAYTIME'], helpersWanted: 1 }),
    wakaba: await register('中央-わかば', { kinds: ['TRANSLATION'], area: '中央', slots: ['WEEKEND_AFTERNOON'], helpersWanted: 1 }),
    sasae: await register('中央-ささえ', { kinds: ['PET_CARE'], area: '中央', slots: ['WEEKDAY_DAYTIME'], helpersWanted: 3 }),
  };
  await runSupportMatching(t, coordinator);
  const proposed: any[] = ok(await t.gql(Q.PAIRINGS, { status: 'PROPOSED' }, coordinator)).supportPairings;
  const of = (u: TestUser, needId: string): string => {
    const p = proposed.find((x) => x.pledge.helper.id === u.id && x.need.id === needId);
    if (!p) throw new Error(`no proposal of ${u.id} for ${needId}: ${JSON.stringify(proposed)}`);
    return p.id;
  };
  const pairing = { A: of(A, need.aozora), B: of(B, need.aozora), C: of(C, need.hidamari), S: of(S, need.komorebi), student: of(student, need.wakaba) };
  for (const id of [pairing.A, pairing.B, pairing.S, pairing.student]) ok(await t.gql(Q.APPROVE, { id }, coordinator));
  return { coordinator, A, B, C, S, student, need, pairing };
}

/** An ISO instant `ms` from now. */
export const inMs = (ms: number): string => new Date(Date.now() + ms).toISOString();
