import { jest } from '@jest/globals';
import { anonymous, asCoordinator, asMember, asResident, asSchool, CONTRACT_CODES, fz, snapshot, startFuzzWorld, type Caller } from '../support/fuzz-world.js';

jest.setTimeout(120_000);

beforeAll(startFuzzWorld);
afterAll(async () => {
  await fz.t?.close();
});

/**
 * What the fuzzer found, pinned: each of these was an INTERNAL_SERVER_ERROR (a PostgreSQL error
 * or graphql-js's own) before the fix, and each is now refused as bad input and changes nothing.
 */
describe('regressions found by the fuzzer', () => {
  const NUL = 'a\u0000b';
  const EVENT = { platform: 'COMMITTEE', title: '委員会', description: '話し合い', startsAt: '2027-01-01T00:00:00Z', mode: 'ONSITE' };
  const OFFER = { title: '防災マップ', description: '歩いて確かめます', themes: ['disaster'], capacity: 2, stages: ['HIGH_SCHOOL'], mode: 'ONSITE', slots: [] };
  const ORG = { organizationName: '見守りの会', kind: 'NPO', description: '見守り', contactName: '担当', email: 'regress-org@example.jp', password: 'passwordpassword' };
  const SIGN_UP = { displayName: '住民', email: 'regress-user@example.jp', password: 'passwordpassword' };
  const CREATE_EVENT = 'mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }';
  const CREATE_OFFER = 'mutation($i: CreateOfferInput!) { createOffer(input: $i) { id } }';
  const SIGN_UP_ORG = 'mutation($i: SignUpOrganizationInput!) { signUpOrganization(input: $i) { token } }';
  const SIGN_UP_USER = 'mutation($i: SignUpInput!) { signUp(input: $i) { token } }';
  const cursor = (at: string) => Buffer.from(JSON.stringify([at, '00000000-0000-4000-8000-000000000000'])).toString('base64url');
  const ROSTER_ROW = { externalRef: 'R', displayName: '生徒', stage: 'HIGH_SCHOOL', guardianConsent: null };

  const cases: [string, string, Record<string, unknown>, Caller][] = [
    ['51+ variable errors (graphql-js aborts with a bare error)', 'mutation($i: [EnrollStudentInput!]!) { enrollStudents(input: $i) { id } }', { i: Array.from({ length: 60 }, (_, n) => ({ ...ROSTER_ROW, externalRef: `R${n}` })) }, asSchool],
    ['NUL in an event title', CREATE_EVENT, { i: { ...EVENT, title: NUL } }, asCoordinator],
    ['NUL in an event description', CREATE_EVENT, { i: { ...EVENT, description: NUL } }, asCoordinator],
    ['NUL in an event location', CREATE_EVENT, { i: { ...EVENT, location: NUL } }, asCoordinator],
    ['NUL in an event URL', CREATE_EVENT, { i: { ...EVENT, onlineUrl: `https://example.jp/${NUL}` } }, asCoordinator],
    ['an event in 271822 BC', CREATE_EVENT, { i: { ...EVENT, startsAt: '-271821-04-20T00:00:00.000Z' } }, asCoordinator],
    ['an event at the earliest JavaScript time (a number)', CREATE_EVENT, { i: { ...EVENT, startsAt: -8.64e15 } }, asCoordinator],
    ['an event ending in 271822 BC', CREATE_EVENT, { i: { ...EVENT, startsAt: '-271821-04-20T00:00:00.000Z', endsAt: '-271821-04-20T00:00:00.000Z' } }, asCoordinator],
    ['events from 271822 BC', 'query($f: EventFilter) { events(filter: $f) { totalCount } }', { f: { from: -8.64e15 } }, anonymous],
    ['a joint action starting in 271822 BC', 'mutation($id: ID!, $s: DateTime) { approveProposal(id: $id, startsAt: $s) { id } }', { id: '00000000-0000-4000-8000-000000000000', s: '-271821-04-20T00:00:00.000Z' }, asCoordinator],
    ['NUL in an offer title', CREATE_OFFER, { i: { ...OFFER, title: NUL } }, asMember],
    ['NUL in an offer description', CREATE_OFFER, { i: { ...OFFER, description: NUL } }, asMember],
    ['NUL in an offer area', CREATE_OFFER, { i: { ...OFFER, area: NUL } }, asMember],
    ['NUL in an organisation name', SIGN_UP_ORG, { i: { ...ORG, organizationName: NUL } }, anonymous],
    ['NUL in an organisation description', SIGN_UP_ORG, { i: { ...ORG, description: NUL } }, anonymous],
    ['NUL in an organisation contact', SIGN_UP_ORG, { i: { ...ORG, contactName: NUL } }, anonymous],
    ['NUL in an organisation area', SIGN_UP_ORG, { i: { ...ORG, area: NUL } }, anonymous],
    ['NUL in a resident name', SIGN_UP_USER, { i: { ...SIGN_UP, displayName: NUL } }, anonymous],
    ['NUL in a resident area', SIGN_UP_USER, { i: { ...SIGN_UP, area: NUL } }, anonymous],
    ['NUL in a school name', 'mutation($i: RegisterSchoolInput!) { registerSchool(input: $i) { apiKey } }', { i: { name: NUL } }, asCoordinator],
    ['NUL in an approval note', 'mutation($id: ID!, $n: String) { approveProposal(id: $id, note: $n) { id } }', { id: '00000000-0000-4000-8000-000000000000', n: NUL }, asCoordinator],
    ['NUL in a rejection reason', 'mutation($id: ID!, $r: String!) { rejectProposal(id: $id, reason: $r) { id } }', { id: '00000000-0000-4000-8000-000000000000', r: NUL }, asCoordinator],
    ['NUL in an offers filter theme', 'query($f: OfferFilter) { offers(filter: $f) { totalCount } }', { f: { theme: NUL } }, asMember],
    ['a lone surrogate in a login email (validator.js throws "URI malformed")', 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: 'x\udfffy\ud800', p: 'whatever-password' }, anonymous],
    ['a lone surrogate in a sign-up email', SIGN_UP_USER, { i: { ...SIGN_UP, email: 'a\ud800@example.jp' } }, anonymous],
    ['a lone surrogate in an organisation email', SIGN_UP_ORG, { i: { ...ORG, email: 'a\udc00@example.jp' } }, anonymous],
    ['a lone surrogate in an event URL', CREATE_EVENT, { i: { ...EVENT, onlineUrl: 'https://example.jp/\ud800' } }, asCoordinator],
    ['a cursor in 271822 BC', 'query($a: String) { events(after: $a) { totalCount } }', { a: cursor('-271821-04-20T00:00:00.000Z') }, anonymous],
    ['a cursor with NUL', 'query($a: String) { events(after: $a) { totalCount } }', { a: cursor('2026-01-01\u0000') }, anonymous],
    ['a notifications cursor in 271822 BC', 'query($a: String) { myNotifications(after: $a) { totalCount } }', { a: cursor('-271821-04-20T00:00:00.000Z') }, asResident],
    ['an organisations cursor with NUL', 'query($a: String) { organizations(after: $a) { totalCount } }', { a: cursor(NUL) }, asResident],
  ];

  it.each(cases)('%s', async (_, query, variables, caller) => {
    const before = await snapshot();
    const creds = caller();
    const res = await fz.t.gql(query, variables, creds);
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(expect.arrayContaining(['BAD_USER_INPUT']));
    expect(res.errors?.filter((e) => !CONTRACT_CODES.includes(e.extensions?.code as string))).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});

