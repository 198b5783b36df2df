import type { INestApplicationContext } from '@nestjs/common';
import { mulberry32 } from '../../bench/engine/synthetic.js';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type GqlResult, type TestApp } from '../support/app.js';
import { createCoordinator, type TestUser } from '../support/factories.js';
import { allProposals, enrollRoster, publishOffer, signUpOrganization } from '../support/journey.js';
import { registerSchool, type TestSchool } from '../support/students.js';
import { waitUntil } from '../support/process.js';

/**
 * "Minors first": a student without consent is never in a PROPOSED proposal, never seated by an
 * approval and never left among a joint action's participants, whatever runs, approvals and
 * consent changes race each other; no interleaving answers INTERNAL_SERVER_ERROR or loses a change.
 *
 * Through the API and the worker, as clients do it: each round restores everyone's consent, runs
 * the matching on the worker while a third of the students' consent is withdrawn in waves, then
 * approves every proposal at once while consent is withdrawn from a third of the students again
 * (most of them in the proposals being approved). After each round the database must hold the
 * invariants below. Seeded, so a failure can be replayed.
 */
const STUDENTS = 240;
const ROUNDS = 3;
const random = mulberry32(20261201);

let t: TestApp;
let worker: INestApplicationContext;
let coordinator: TestUser;
let school: TestSchool;
const refs: string[] = [];
const idOf = new Map<string, string>();
/** the consent each student was last given through the API (the truth the database must hold) */
const consent = new Map<string, boolean>();
const answers: { what: string; res: GqlResult }[] = [];

const SET_CONSENT = `mutation($ref: String!, $consent: Boolean!) { setGuardianConsent(externalRef: $ref, consent: $consent) { id guardianConsent } }`;
const APPROVE = `mutation($id: ID!) { approveProposal(id: $id) { id status } }`;
const RESPOND = `mutation($ref: String!, $id: ID!) { respondForStudent(externalRef: $ref, jointActionId: $id, accept: true) { id status } }`;

const THEMES = [['disaster', 'community'], ['food', 'childcare'], ['environment', 'community'], ['elderly', 'welfare']];
const TEXTS = [
  { concerns: '大雨のときの避難所が分からず不安です。', interests: '防災マップを作ってみたい。' },
  { concerns: '一人で夕ごはんを食べる子どもが心配です。', interests: '子ども食堂で配膳を手伝いたい。' },
  { concerns: '川沿いのごみが増えていて気になります。', interests: '清掃活動や環境の調べ学習がしたい。' },
  { concerns: '近所の一人暮らしのお年寄りが心配です。', interests: '高齢者の方と話す見守り活動をしたい。' },
];

beforeAll(async () => {
  t = await startTestApp();
  worker = await startWorker({ ...t.config, runMigrations: false });
  coordinator = await createCoordinator(t);
  school = await registerSchool(t, '久留米市立荒木中学校');
  const org = await signUpOrganization(t, coordinator.token, { name: 'NPO法人 くるめ子ども未来' });
  for (let i = 0; i < 16; i++) {
    const k = i % 4;
    await publishOffer(t, org, {
      title: ['地域の防災マップづくり', '子ども食堂のお手伝い', '筑後川クリーン作戦', 'お年寄りの見守り訪問'][k] + ` ${Math.floor(i / 4) + 1}`,
      description: ['避難所や危ない場所を歩いて確かめ、防災マップにまとめます。', '子ども食堂で夕食の配膳や宿題の手伝いをします。', '川沿いのごみを拾い、環境について調べます。', '一人暮らしの高齢者のお宅を訪ねて話し相手になります。'][k],
      themes: THEMES[k],
      capacity: 6,
    });
  }
  const roster = Array.from({ length: STUDENTS }, (_, i) => {
    const ref = `R-${String(i).padStart(3, '0')}`;
    refs.push(ref);
    return {
      externalRef: ref,
      displayName: `生徒 ${i}`,
      stage: i % 3 === 0 ? 'JUNIOR_HIGH' : 'HIGH_SCHOOL',
      guardianConsent: true,
      profile: { themes: THEMES[i % 4], ...TEXTS[i % 4], area: '中央', slots: ['WEEKEND_AFTERNOON'], modes: ['ONSITE', 'ONLINE'] },
    };
  });
  const ids = await enrollRoster(t, school.apiKey, roster);
  refs.forEach((ref, i) => (idOf.set(ref, ids[i]), consent.set(ref, true)));
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const pick = <T>(xs: T[], p: number): T[] => xs.filter(() => random() < p);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setConsent(refsToSet: string[], value: boolean): Promise<void> {
  await Promise.all(
    refsToSet.map(async (ref) => {
      const res = await t.gql(SET_CONSENT, { ref, consent: value }, { apiKey: school.apiKey });
      answers.push({ what: `setGuardianConsent(${ref}, ${value})`, res });
      if (!res.errors) consent.set(ref, value);
    }),
  );
}

/** What the database must hold after any interleaving; returns a count per broken rule (all 0). */
async function broken(): Promise<Record<string, number>> {
  const n = async (sql: string) => ((await t.db.query(sql)) as { n: number }[])[0].n;
  const noConsent = `NOT (s.guardian_consent OR s.stage = 'UNIVERSITY') OR s.withdrawn_at IS NOT NULL`;
  return {
    proposedWithoutConsent: await n(
      `SELECT count(*)::int AS n FROM proposal p JOIN proposal_participant pp ON pp.proposal_id = p.id JOIN student s ON s.id = pp.student_id
       WHERE p.status = 'PROPOSED' AND (${noConsent})`,
    ),
    seatedWithoutConsent: await n(`SELECT count(*)::int AS n FROM joint_action_participant jp JOIN student s ON s.id = jp.student_id WHERE ${noConsent}`),
    invitedWithoutConsent: await n(
      `SELECT count(*)::int AS n FROM joint_action_invitation i JOIN joint_action ja ON ja.id = i.joint_action_id JOIN student s ON s.id = i.student_id
       WHERE i.status IN ('PENDING', 'ACCEPTED') AND ja.status <> 'CANCELLED' AND (${noConsent})`,
    ),
    participantNotAccepted: await n(
      `SELECT count(*)::int AS n FROM joint_action_participant jp
       WHERE NOT EXISTS (SELECT 1 FROM joint_action_invitation i WHERE i.joint_action_id = jp.joint_action_id AND i.student_id = jp.student_id AND i.status = 'ACCEPTED')`,
    ),
    gatheringWithoutConsent: await n(
      `SELECT count(*)::int AS n FROM event_participant ep JOIN event e ON e.id = ep.event_id JOIN student s ON s.id = ep.user_id WHERE e.gathering AND (${noConsent})`,
    ),
    // an offer's places held = its live invitations (pending or accepted, in joint actions not cancelled)
    seatsOutOfStep: await n(
      `SELECT count(*)::int AS n FROM offer o
       WHERE o.approved_count <> (SELECT count(*) FROM joint_action ja JOIN joint_action_invitation i ON i.joint_action_id = ja.id
                                  WHERE ja.offer_id = o.id AND ja.status <> 'CANCELLED' AND i.status IN ('PENDING', 'ACCEPTED'))
          OR o.approved_count > o.capacity`,
    ),
    gatheringCountOutOfStep: await n(
      `SELECT count(*)::int AS n FROM event e WHERE e.gathering
         AND e.participant_count <> (SELECT count(*) FROM event_participant ep WHERE ep.event_id = e.id AND ep.status = 'JOINED')`,
    ),
    gatheringOutOfStep: await n(
      `SELECT count(*)::int AS n FROM joint_action ja JOIN joint_action_participant jp ON jp.joint_action_id = ja.id
       WHERE NOT EXISTS (SELECT 1 FROM event_participant ep WHERE ep.event_id = ja.event_id AND ep.user_id = jp.student_id)`,
    ),
    twoOpenProposals: await n(`SELECT count(*)::int AS n FROM (SELECT student_id FROM proposal_participant WHERE open GROUP BY student_id HAVING count(*) > 1) x`),
    // a student is placed once: never proposed while invited, never invited twice
    proposedWhileInvited: await n(
      `SELECT count(*)::int AS n FROM proposal_participant pp JOIN proposal p ON p.id = pp.proposal_id
       WHERE p.status = 'PROPOSED' AND EXISTS (SELECT 1 FROM joint_action_invitation i JOIN joint_action ja ON ja.id = i.joint_action_id
                                                WHERE i.student_id = pp.student_id AND i.status IN ('PENDING', 'ACCEPTED') AND ja.status <> 'CANCELLED')`,
    ),
    invitedTwice: await n(
      `SELECT count(*)::int AS n FROM (SELECT i.student_id FROM joint_action_invitation i JOIN joint_action ja ON ja.id = i.joint_action_id
       WHERE i.status IN ('PENDING', 'ACCEPTED') AND ja.status <> 'CANCELLED' GROUP BY i.student_id HAVING count(*) > 1) x`,
    ),
  };
}

describe('consent against runs and approvals', () => {
  it(`${ROUNDS} rounds of runs, approvals and answers racing hundreds of consent withdrawals: never a student without consent proposed, invited or seated, never a 5xx, no lost change`, async () => {
    let withdrawals = 0;
    let approved = 0;
    let seatedThenWithdrawn = 0;
    let accepted = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      await setConsent(refs.filter((r) => !consent.get(r)), true);

      // a run on the worker, and withdrawals in waves while it loads, computes and writes
      const run = await t.gql(`mutation { requestMatchingRun { id } }`, {}, { token: coordinator.token });
      expect(run.errors).toBeUndefined();
      const runId = run.data.requestMatchingRun.id;
      const firstWave = pick(refs, 0.33);
      const waves = [0, 1, 2, 3].map((w) => firstWave.filter((_, i) => i % 4 === w));
      for (const wave of waves) {
        await Promise.all([setConsent(wave, false), sleep(25)]);
        withdrawals += wave.length;
      }
      const finished = await waitUntil(async () => {
        const r = await t.gql(`query($id: ID!) { matchingRun(id: $id) { status } }`, { id: runId }, { token: coordinator.token });
        return r.data?.matchingRun?.status === 'COMPLETED';
      }, 30_000, 50);
      expect(finished).toBe(true);
      expect(await broken()).toEqual(expect.objectContaining({ proposedWithoutConsent: 0, twoOpenProposals: 0 }));

      // every proposal approved at once, while consent goes from a third of the consenting students,
      // chosen mostly among the students those proposals would seat
      const proposals = await allProposals(t, coordinator.token);
      expect(proposals.length).toBeGreaterThan(0);
      const inProposals = new Set(proposals.flatMap((p) => p.participants.map((x) => x.student.id)));
      const consenting = refs.filter((r) => consent.get(r));
      const secondWave = [...pick(consenting.filter((r) => inProposals.has(idOf.get(r)!)), 0.5), ...pick(consenting.filter((r) => !inProposals.has(idOf.get(r)!)), 0.15)];
      await Promise.all([
        ...proposals.map(async (p) => {
          const res = await t.gql(APPROVE, { id: p.id }, { token: coordinator.token });
          answers.push({ what: `approveProposal(${p.id})`, res });
          if (!res.errors) approved++;
        }),
        setConsent(secondWave, false),
      ]);
      withdrawals += secondWave.length;

      // the invited answer yes through their school's portal, while consent goes from a third of them
      const invited: { ref: string; jointActionId: string }[] = await t.db.query(
        `SELECT s.external_ref AS ref, i.joint_action_id AS "jointActionId" FROM joint_action_invitation i JOIN student s ON s.id = i.student_id
         WHERE i.status = 'PENDING' AND s.school_id = $1`,
        [school.id],
      );
      const thirdWave = pick(invited.map((i) => i.ref), 0.33);
      await Promise.all([
        ...invited.map(async ({ ref, jointActionId }) => {
          const res = await t.gql(RESPOND, { ref, id: jointActionId }, { apiKey: school.apiKey });
          answers.push({ what: `respondForStudent(${ref})`, res });
          if (!res.errors) accepted++;
        }),
        setConsent(thirdWave, false),
      ]);
      withdrawals += thirdWave.length;
      // students who had said yes and then lost consent are out again
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM joint_action_invitation WHERE status = 'WITHDRAWN' AND student_id = ANY($1::uuid[])`,
        [thirdWave.map((r) => idOf.get(r))],
      );
      seatedThenWithdrawn += n;

      expect({ round, ...(await broken()) }).toEqual({
        round,
        proposedWithoutConsent: 0,
        seatedWithoutConsent: 0,
        invitedWithoutConsent: 0,
        participantNotAccepted: 0,
        gatheringWithoutConsent: 0,
        seatsOutOfStep: 0,
        gatheringCountOutOfStep: 0,
        gatheringOutOfStep: 0,
        twoOpenProposals: 0,
        proposedWhileInvited: 0,
        invitedTwice: 0,
      });
    }

    // no answer was a 5xx or an internal error; consent changes all went through; approvals and answers won or were refused as CONFLICT
    const bad = answers.filter(({ what, res }) => res.status >= 500 || res.code === 'INTERNAL_SERVER_ERROR' || (what.startsWith('setGuardianConsent') && res.errors) || (res.errors && res.code !== 'CONFLICT'));
    expect(bad.map(({ what, res }) => `${what}: ${res.status} ${JSON.stringify(res.errors)}`)).toEqual([]);
    // no change lost: every student's consent is the one last set
    const rows: { ref: string; consent: boolean }[] = await t.db.query('SELECT external_ref AS ref, guardian_consent AS consent FROM student WHERE school_id = $1', [school.id]);
    expect(rows.filter((r) => consent.get(r.ref) !== r.consent)).toEqual([]);

    // the races really happened: hundreds of withdrawals, approvals won, seated students withdrawn
    expect(withdrawals).toBeGreaterThan(200);
    expect(approved).toBeGreaterThan(ROUNDS);
    expect(accepted).toBeGreaterThan(ROUNDS);
    expect(seatedThenWithdrawn).toBeGreaterThan(0);
  }, 120_000);
});
