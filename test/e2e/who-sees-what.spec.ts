import type { INestApplicationContext } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, isObjectType, type GraphQLSchema } from 'graphql';
import { PDFParse } from 'pdf-parse';
import request from 'supertest';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type Credentials, type GqlResult, type TestApp } from '../support/app.js';
import { buildWorld, CARD, GATHERING_AT, NEED_LABEL, PRIVATE_WORDS, SAFETY_NOTE, SCHOOL_NAMES, type CallerName, type World } from '../support/safeguarding-world.js';
import { objectsOf, SchemaWalker, type Pools } from '../support/schema-walk.js';

/**
 * Who sees what, from the schema itself ("Who sees what" and "Minors first" in the contract's
 * README). One city is built through the API and the worker (safeguarding-world.ts); then, for
 * every caller (anonymous, a resident, a student in a joint action, another student of the same
 * school, a student of another school, members of the joint action's organisation, of another and
 * of an unverified one, both schools' keys, and a coordinator as the control), every root field of
 * the emitted schema is called with every field reachable from it (schema-walk.ts), and every file
 * route is fetched. A field added next year is asked for without anyone adding it here.
 *
 * Every answer is then held to the rules, two ways:
 * - planted texts (canaries): each student's name, profile texts, area and school; the private words
 *   in the texts of students no caller may see; the gathering's time; a support need's label; a
 *   helper's area. Each may appear only in answers to its audience.
 * - typed rules on the objects themselves (every object is asked for with __typename): the
 *   coordinators' types appear to nobody else, a Student's personal fields only to the student,
 *   their school and coordinators, an author's name beside a student's words only to that student
 *   and coordinators, a joint action's participants and its gathering's place only to its parties.
 * And the walk must have asked for every field reachable from Query, and every type that holds a
 * student's or a needy person's data must be classified below: a new one fails until it is.
 */
let t: TestApp;
let worker: INestApplicationContext;
let w: World;
let schema: GraphQLSchema;
let walker: SchemaWalker;
const answers: { caller: CallerName; what: string; body: unknown }[] = [];
const internal: string[] = [];

const CALLERS: CallerName[] = ['anonymous', 'resident', 'studentA1', 'studentA3', 'studentB1', 'memberOwn', 'memberOther', 'memberUnverified', 'keyA', 'keyB', 'coordinator'];
const SELF: Record<string, CallerName> = { A1: 'studentA1', A3: 'studentA3', B1: 'studentB1' };
const KEY: Record<string, CallerName | undefined> = { A: 'keyA', B: 'keyB', C: undefined };
/** who is party of the joint action (A1, A2, C1–C3 with the own organisation) among the callers */
const PARTIES: CallerName[] = ['coordinator', 'memberOwn', 'studentA1'];
const IN_JOINT_ACTION = new Set(['A1', 'A2', 'C1', 'C2', 'C3']);

/** Types only coordinators may ever receive (proposals, runs, support needs and pairings, the audit, reach). */
const COORDINATOR_ONLY = new Set([
  'Proposal', 'ProposedParticipant', 'JointActionPlan', 'MatchingRun', 'SupportNeed', 'SupportPairing', 'AuditEntry', 'EpisodeReach', 'ParticipationPoint',
  'SupportNeedImportResult', 'SafetyCount', 'SafetyBoardConnection', 'SafetyReportEdge', 'UnplacedStudent', 'UnplacedStudentEdge', 'UnplacedStudentConnection',
]);
/** The needy person as their approved helper (the resident) sees them on the day: nobody else. */
const HELPER_ONLY = new Set(['HelpAssignment', 'ContactCard']);

/**
 * Every type that holds a student's or a needy person's data, or points at one, with its rule. A
 * type of the schema that has a field of one of these types and is not listed fails the test.
 */
const CLASSIFIED: Record<string, string> = {
  Student: 'id, displayName, stage: those who may see the student (self, own school, coordinators, their joint action\'s organisation and students); school, guardianConsent, matchable, profile: self, own school, coordinators',
  StudentProfile: 'as Student.profile',
  JointAction: 'public face for all (title and summary without names); participants and the gathering\'s time and place: its parties',
  Proposal: 'coordinators',
  ProposedParticipant: 'coordinators',
  ProposalConnection: 'coordinators',
  ProposalEdge: 'coordinators',
  MatchingRun: 'coordinators',
  SupportNeed: 'coordinators',
  SupportPairing: 'coordinators',
  SupportNeedImportResult: 'coordinators',
  AuditEntry: 'coordinators',
  AuditEntryConnection: 'coordinators',
  AuditEntryEdge: 'coordinators',
  Query: 'the root: each field checked by the walk',
  Mutation: 'the root of writes: each answer of the journey is scanned',
  Subscription: 'matchingRunUpdated: coordinators; commentPosted: as Comment',
  Activity: 'jointAction: its public face',
  HelpAssignment: 'the approved helper of that pairing only (myHelpAssignments)',
  ContactCard: 'that helper, while an active disaster covers the area and the person consents; not even coordinators',
  SafetyReport: 'status and time: coordinators and the reporter; need: coordinators; note, reportedBy: coordinators and the reporter',
  SafetyReportEdge: 'coordinators (the board)',
  StudentInvitation: "as JointAction.participants: its parties; an empty list for everyone else",
  UnplacedStudent: 'coordinators (MatchingRun.unplaced)',
  UnplacedStudentEdge: 'coordinators',
  UnplacedStudentConnection: 'coordinators',
  Event: 'featuredJointActions: their public face',
};
const HOLDS = new Set(['Student', 'StudentProfile', 'ProposedParticipant', 'SupportNeed', 'SupportPairing', 'JointAction', 'Proposal', 'AuditEntry', 'HelpAssignment', 'ContactCard', 'SafetyReport']);

const pools = (): Pools => {
  const events = [w.gatheringId, w.episodeId, w.meetingId, w.sessionId, w.publicEventId];
  const byType: Record<string, string[]> = {
    Event: events,
    Offer: w.offers,
    Proposal: [w.proposals.approved, w.proposals.open],
    MatchingRun: w.runs,
    Program: [w.programId],
    Scenario: [w.scenarioId],
    EpisodeReach: [w.episodeId],
    PerspectiveMap: [w.meetingId],
    PerspectiveConnection: [w.meetingId],
    Perspective: [w.meetingId],
    Disaster: [w.disasterId],
  };
  const refs = ['A1', 'A3', 'B1', 'C1'].map((k) => w.students.get(k)!.ref);
  return {
    values(_parent, field, arg, type, returns) {
      const named = getNamedType(type).name;
      if (named === 'ID') return byType[returns] ?? (arg === 'eventId' ? events : undefined);
      if (arg === 'externalRef') return refs;
      if (named === 'DateTime') return [arg === 'from' ? '2025-04-01T00:00:00.000Z' : '2028-03-31T00:00:00.000Z'];
      void field;
      return undefined;
    },
  };
};

beforeAll(async () => {
  // the query limits are off here: the walk asks for everything at once (they are tested in hostile.spec)
  t = await startTestApp({ env: { QUERY_MAX_DEPTH: '0', QUERY_MAX_COST: '0', QUERY_MAX_TOKENS: '0', QUERY_MAX_ALIASES: '0', QUERY_MAX_BYTES: '0' } });
  worker = await startWorker({ ...t.config, runMigrations: false });
  w = await buildWorld(t);
  for (const j of w.journey) answers.push({ caller: j.caller, what: `journey ${j.what}`, body: j.res });
  schema = t.app.get(GraphQLSchemaHost).schema;
  walker = new SchemaWalker(schema, pools(), { perspectiveMap: [{ eventId: w.meetingId }] });
  const calls = walker.rootCalls();
  await Promise.all(
    CALLERS.map(async (caller) => {
      for (const call of calls) {
        const walked = await walker.walk((query) => t.gql(query, {}, w.callers[caller]), call.field, call.args);
        for (const res of walked.answers) {
          answers.push({ caller, what: `${call.field}(${JSON.stringify(call.args)})`, body: res });
          if (res.status >= 500 || res.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) internal.push(`${caller} ${call.field} ${JSON.stringify(res.errors)}`);
        }
      }
      for (const [route, body] of await files(w.callers[caller])) answers.push({ caller, what: `GET ${route}`, body });
    }),
  );
}, 180_000);

afterAll(async () => {
  await worker?.close();
  await t?.close();
});

/** The file routes, as this caller fetches them (the PDF as its text). */
async function files(creds: Credentials): Promise<[string, string][]> {
  const routes = ['/calendar.ics', '/calendar.ics?platform=FUTURE_CONFERENCE', '/tv/episodes.rss', `/committee/meetings/${w.meetingId}/map.svg`, `/committee/meetings/${w.meetingId}/perspectives.csv`, '/preparedness/plan.pdf'];
  const out: [string, string][] = [];
  for (const route of routes) {
    let req = request(t.app.getHttpServer()).get(route).buffer(true);
    if (creds.token) req = req.set('authorization', `Bearer ${creds.token}`);
    if (creds.apiKey) req = req.set('x-api-key', creds.apiKey);
    const res = await req.parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const raw = res.body as Buffer;
    if (res.status >= 500) internal.push(`GET ${route}: ${res.status}`);
    const text = res.headers['content-type']?.includes('pdf') && res.status === 200 ? (await new PDFParse({ data: new Uint8Array(raw) }).getText()).text : raw.toString('utf8');
    out.push([route, text]);
  }
  return out;
}

interface Canary {
  text: string;
  what: string;
  audience: CallerName[];
  /** false: need not be found by anyone (another spelling of a canary, a text no walked call asks for) */
  control?: boolean;
}

function canaries(): Canary[] {
  const out: Canary[] = [];
  for (const s of w.students.values()) {
    const details = ['coordinator', SELF[s.key], KEY[s.school]].filter(Boolean) as CallerName[];
    const names = [...details, ...(IN_JOINT_ACTION.has(s.key) ? (['memberOwn', 'studentA1'] as CallerName[]) : [])];
    out.push({ text: s.name, what: `name of ${s.key}`, audience: names }, { text: s.name.split(' ')[1], what: `given name of ${s.key}`, audience: names });
    for (const [what, text] of [['concerns', s.concerns], ['interests', s.interests], ['area', s.area]]) out.push({ text, what: `${what} of ${s.key}`, audience: details });
    // no field holds a student's externalRef: only their school's export (walked for A1, A3, B1) does
    out.push({ text: s.ref, what: `externalRef of ${s.key}`, audience: details, control: ['A1', 'A3', 'B1'].includes(s.key) });
  }
  out.push({ text: SCHOOL_NAMES.A, what: 'school A', audience: ['coordinator', 'keyA', 'studentA1', 'studentA3'] });
  out.push({ text: SCHOOL_NAMES.B, what: 'school B', audience: ['coordinator', 'keyB', 'studentB1'] });
  out.push({ text: SCHOOL_NAMES.C, what: 'school C', audience: ['coordinator'] });
  for (const word of PRIVATE_WORDS) out.push({ text: word, what: `private word ${word}`, audience: ['coordinator'] });
  // as GraphQL writes it, and as a calendar or a Japanese text would
  for (const form of ['2027-03-14T05:26', '2027-03-14T14:26', '20270314T142653', '2027年3月14日']) out.push({ text: form, what: "the gathering's time", audience: PARTIES, control: form.includes('05:26') });
  // the pseudonym: coordinators and the need's approved helper
  out.push({ text: NEED_LABEL, what: "a support need's label", audience: ['coordinator', 'resident'] });
  for (const [what, text] of Object.entries(CARD)) out.push({ text, what: `the contact card's ${what}`, audience: ['resident'] });
  out.push({ text: SAFETY_NOTE, what: 'a safety report\'s note', audience: ['coordinator', 'resident'] });
  // (an area is a district, not a person: a declared disaster names it to everyone, PLEDGE_AREA included)
  return out;
}

const text = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body));

describe('who sees what, walked from the schema', () => {
  it('asks every caller for every field reachable from Query, and no answer is a 5xx', () => {
    expect(internal).toEqual([]);
    const missing = walker.reachableFields().filter((f) => !walker.selected.has(f));
    expect({ missing, unreachable: [...walker.unreachable] }).toEqual({ missing: [], unreachable: [] });
    expect(new Set(answers.map((a) => a.caller))).toEqual(new Set(CALLERS));
  });

  it('classifies every type that holds a student\'s or a needy person\'s data', () => {
    const holders = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith('__') && (HOLDS.has(type.name) || Object.values(type.getFields()).some((f) => HOLDS.has(getNamedType(f.type).name))))
      .map((type) => type.name);
    expect(holders.filter((name) => !(name in CLASSIFIED)).sort()).toEqual([]);
  });

  it('each planted text reaches its audience and no one else, in every answer and every file', () => {
    const leaks: string[] = [];
    const seenBy = new Map<string, Set<CallerName>>();
    for (const c of canaries()) seenBy.set(c.what + c.text, new Set());
    const refs = new Map([...w.students.values()].map((s) => [s.ref, s]));
    for (const a of answers) {
      const body = text(a.body);
      // a school's export of its student is the student's own data, handed over through the school
      const exported = a.what.startsWith('exportStudentData') ? refs.get(JSON.parse(a.what.slice('exportStudentData'.length + 1, -1)).externalRef) : undefined;
      for (const c of canaries()) {
        if (!body.includes(c.text)) continue;
        seenBy.get(c.what + c.text)!.add(a.caller);
        const allowed = c.audience.includes(a.caller) || (exported && KEY[exported.school] === a.caller && c.audience.includes(SELF[exported.key]));
        if (!allowed) leaks.push(`${c.what} (${c.text}) → ${a.caller} in ${a.what}`);
      }
    }
    expect([...new Set(leaks)].sort()).toEqual([]);
    // and each one is found by someone allowed (the walk reaches it: the test can see a leak)
    const unseen = canaries().filter((c) => c.control !== false && !seenBy.get(c.what + c.text)!.size);
    expect(unseen.map((c) => c.what)).toEqual([]);
    // the joint action's organisation sees its students' names, their school key the profiles
    expect([...seenBy.get(`name of A1${w.students.get('A1')!.name}`)!]).toEqual(expect.arrayContaining(['memberOwn', 'studentA1', 'keyA', 'coordinator']));
    expect([...seenBy.get(`concerns of A1${w.students.get('A1')!.concerns}`)!].sort()).toEqual(['coordinator', 'keyA', 'studentA1']);
  });

  it('typed rules hold on every object of every answer', () => {
    const broken: string[] = [];
    const byId = new Map([...w.students.values()].map((s) => [s.id!, s]));
    const nameOf = new Map([...w.students.values()].map((s) => [s.name, s]));
    const seenTypes = new Set<string>();
    for (const a of answers) {
      objectsOf(typeof a.body === 'object' ? (a.body as GqlResult).data : undefined, (o, _parent, path) => {
        const type = o.__typename as string;
        seenTypes.add(type);
        if (COORDINATOR_ONLY.has(type) && a.caller !== 'coordinator') broken.push(`${type} → ${a.caller} at ${path} (${a.what})`);
        if (HELPER_ONLY.has(type) && a.caller !== 'resident') broken.push(`${type} → ${a.caller} at ${path} (${a.what})`);
        if (type === 'SafetyReport' && !['coordinator', 'resident'].includes(a.caller)) broken.push(`SafetyReport → ${a.caller} at ${path}`);
        if (type === 'Student' && typeof o.id === 'string') {
          const s = byId.get(o.id);
          if (!s) return;
          const details = ['coordinator', SELF[s.key], KEY[s.school]];
          const sees = [...details, ...(IN_JOINT_ACTION.has(s.key) ? ['memberOwn', 'studentA1'] : [])];
          if (!sees.includes(a.caller)) broken.push(`Student ${s.key} → ${a.caller} at ${path}`);
          for (const f of ['school', 'guardianConsent', 'matchable', 'profile']) {
            if (o[f] !== undefined && o[f] !== null && !details.includes(a.caller)) broken.push(`Student.${f} of ${s.key} → ${a.caller} at ${path}`);
          }
        }
        if (['Perspective', 'ScenarioResponse', 'Comment'].includes(type) && typeof o.authorName === 'string') {
          const s = nameOf.get(o.authorName);
          if (s && a.caller !== 'coordinator' && a.caller !== SELF[s.key]) broken.push(`${type}.authorName ${s.key} → ${a.caller} at ${path}`);
        }
        if (type === 'JointAction' && Array.isArray(o.participants) && o.participants.length && !PARTIES.includes(a.caller)) broken.push(`JointAction.participants → ${a.caller} at ${path}`);
        // invitations: the parties see every one; a school portal (it answers for its students) its own students' alone
        const ownSchool = (invitation: Record<string, any>): boolean => {
          const school = Object.entries(KEY).find(([, c]) => c === a.caller)?.[0];
          const student = byId.get(invitation.student?.id);
          return !!school && !!student && student.school === school;
        };
        // (deep in an answer the walk selects no student: then the count tells, at most the school's own invited students)
        const ownInvited = (): number => {
          const school = Object.entries(KEY).find(([, c]) => c === a.caller)?.[0];
          return school ? [...IN_JOINT_ACTION].filter((k) => w.students.get(k)?.school === school).length : 0;
        };
        if (type === 'JointAction' && Array.isArray(o.invitations) && o.invitations.length && !PARTIES.includes(a.caller)) {
          const shown = o.invitations as Record<string, any>[];
          const ok = shown.every((i) => i.student !== undefined) ? shown.every(ownSchool) : shown.length <= ownInvited();
          if (!ok) broken.push(`JointAction.invitations → ${a.caller} at ${path}`);
        }
        if (type === 'StudentInvitation' && !PARTIES.includes(a.caller) && o.student !== undefined && !ownSchool(o)) broken.push(`StudentInvitation → ${a.caller} at ${path}`);
        // a student's interest in an offer is theirs alone: no organisation learns who marked its offer
        if (type === 'Offer' && o.viewerInterest != null && !['studentA1', 'studentA3'].includes(a.caller)) broken.push(`Offer.viewerInterest → ${a.caller} at ${path}`);
        if (type === 'Offer' && o.viewerInterest != null) seenTypes.add('viewerInterest');
        if (type === 'Event' && o.id === w.gatheringId && !PARTIES.includes(a.caller) && (o.location || o.onlineUrl || (typeof o.startsAt === 'string' && o.startsAt !== '2027-02-28T15:00:00.000Z'))) {
          broken.push(`the gathering's time or place → ${a.caller} at ${path}`);
        }
      });
    }
    expect([...new Set(broken)].sort()).toEqual([]);
    // the rules met the objects they are about
    for (const type of ['Student', 'StudentProfile', 'JointAction', 'StudentInvitation', 'UnplacedStudent', 'viewerInterest', 'Perspective', 'ScenarioResponse', 'Comment', 'Proposal', 'SupportNeed', 'AuditEntry', 'HelpAssignment', 'ContactCard', 'SafetyReport']) {
      expect(seenTypes).toContain(type);
    }
  });

  it("strangers see a featured joint action's public face and nothing of its students or gathering", () => {
    const featured = (caller: CallerName) =>
      answers
        .filter((a) => a.caller === caller && a.what.startsWith('event(') && a.what.includes(w.episodeId))
        .map((a) => (a.body as GqlResult).data?.event?.featuredJointActions)
        .find((list) => Array.isArray(list) && list.length);
    for (const caller of ['anonymous', 'resident', 'studentA3', 'memberOther', 'keyA'] as CallerName[]) {
      const [ja] = featured(caller);
      expect({ caller, id: ja.id, participants: ja.participants, location: ja.event.location, startsAt: ja.event.startsAt }).toEqual({
        caller,
        id: w.jointActionId,
        participants: [],
        location: null,
        startsAt: '2027-02-28T15:00:00.000Z',
      });
      expect(ja.title).toMatch(/田主丸わがまち防災マップ/);
    }
    const [own] = featured('memberOwn');
    expect(own.participants.length).toBe(5);
    expect(own.event.startsAt).toBe(GATHERING_AT);
  });
});
