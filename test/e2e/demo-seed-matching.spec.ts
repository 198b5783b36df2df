import { DEMO_OFFERS, DEMO_ORGANIZATIONS, DEMO_STUDENTS } from '../../src/demo/core/index.js';
import type { TestApp } from '../support/app.js';
import { DEMO_NOW, JAPANESE, stageOf, startSeededDemo, stopSeededDemo, type SeededDemo } from '../support/demo-seed.js';
import type { TestUser } from '../support/factories.js';
import { waitUntil } from '../support/process.js';

/**
 * 未来会議 in the demo: the joint actions the seed's run left, through the real approvals and
 * answers, and a coordinator's matching run after it.
 */
let t: TestApp;
let worker: SeededDemo['worker'];
let coordinator: TestUser;
let first: SeededDemo['first'];
const now = DEMO_NOW;

beforeAll(async () => {
  ({ t, worker, coordinator, first } = await startSeededDemo());
});
afterAll(() => stopSeededDemo({ t, worker }));

describe('seedDemoData', () => {
  it('未来会議: the demo run left joint actions in each state, through the real approvals and answers; 地福TV features the confirmed one', async () => {
    expect(first.platforms.jointActions).toEqual({ confirmed: 1, awaitingReplies: 1, cancelled: 1, proposed: expect.any(Number) });
    expect(first.platforms.jointActions.proposed).toBeGreaterThan(0);
    const res = await t.gql(
      `{ proposals(first: 50, status: APPROVED) { edges { node { offer { title capacity remainingCapacity } jointAction { id status respondBy
          organizationInvitation { status } invitations { status } participants { displayName } event { participantCount } } } } } }`,
      {},
      { token: coordinator.token },
    );
    expect(res.errors).toBeUndefined();
    const byStatus = new Map(res.data.proposals.edges.map((e: any) => [e.node.jointAction.status, e.node]));
    expect([...byStatus.keys()].sort()).toEqual(['AWAITING_REPLIES', 'CANCELLED', 'CONFIRMED']);
    const statuses = (n: any): string[] => n.jointAction.invitations.map((i: any) => i.status).sort();
    // everyone said yes: they are its participants and its gathering's
    const confirmed: any = byStatus.get('CONFIRMED');
    expect(confirmed.jointAction.organizationInvitation.status).toBe('ACCEPTED');
    expect(new Set(statuses(confirmed))).toEqual(new Set(['ACCEPTED']));
    expect(confirmed.jointAction.participants.length).toBe(confirmed.jointAction.invitations.length);
    expect(confirmed.jointAction.event.participantCount).toBe(confirmed.jointAction.invitations.length);
    for (const p of confirmed.jointAction.participants) expect(DEMO_STUDENTS.map((x) => x.displayName)).toContain(p.displayName);
    // one student said yes, the organisation has a week left to answer
    const awaiting: any = byStatus.get('AWAITING_REPLIES');
    expect(awaiting.jointAction.organizationInvitation.status).toBe('PENDING');
    expect(statuses(awaiting).filter((x) => x === 'ACCEPTED')).toHaveLength(1);
    expect(statuses(awaiting).filter((x) => x !== 'ACCEPTED').every((x) => x === 'PENDING')).toBe(true);
    expect(new Date(awaiting.jointAction.respondBy).getTime()).toBeGreaterThan(Date.now() + 6 * 86400_000);
    // placed in the demo's story: run, approvals and answers three days before the seed's now
    const [placed] = await t.db.query(
      `SELECT max(greatest(ja.created_at, ja.settled_at, i.responded_at, e.created_at)) AS last FROM joint_action ja JOIN joint_action_invitation i ON i.joint_action_id = ja.id JOIN event e ON e.id = ja.event_id`,
    );
    expect(new Date(placed.last).getTime()).toBeLessThan(now.getTime() - 2 * 86400_000);
    // the organisation said no: nobody is in it and its places went back
    const cancelled: any = byStatus.get('CANCELLED');
    expect(cancelled.jointAction.organizationInvitation.status).toBe('DECLINED');
    expect(new Set(statuses(cancelled))).toEqual(new Set(['EXPIRED']));
    expect(cancelled.jointAction.participants).toEqual([]);
    expect(cancelled.offer.remainingCapacity).toBe(cancelled.offer.capacity);
    const featured = await t.db.query('SELECT joint_action_id::text AS id FROM tv_feature WHERE joint_action_id IS NOT NULL');
    expect(featured).toEqual([{ id: confirmed.jointAction.id }]);
  });

  it("a coordinator's matching run after the demo's proposes demo students to the open offers, with Japanese reasons", async () => {
    const started = await t.gql('mutation { requestMatchingRun { id } }', {}, { token: coordinator.token });
    expect(started.errors).toBeUndefined();
    const id = started.data.requestMatchingRun.id;
    let run: { status: string; proposalsCreated: number } | undefined;
    const finished = await waitUntil(async () => {
      run = (await t.gql('query($id: ID!) { matchingRun(id: $id) { status proposalsCreated } }', { id }, { token: coordinator.token })).data.matchingRun;
      return run!.status === 'COMPLETED' || run!.status === 'FAILED';
    }, 30_000);
    expect(finished).toBe(true);
    expect(run!.status).toBe('COMPLETED');
    expect(run!.proposalsCreated).toBeGreaterThanOrEqual(3);

    const res = await t.gql(
      '{ proposals(first: 50, status: PROPOSED) { edges { node { offer { title } participants { reasons student { displayName } } plan { title } } } } }',
      {},
      { token: coordinator.token },
    );
    expect(res.errors).toBeUndefined();
    const proposals: { offer: { title: string }; participants: { reasons: string[]; student: { displayName: string } }[]; plan: { title: string } }[] =
      res.data.proposals.edges.map((e: any) => e.node);
    expect(proposals).toHaveLength(run!.proposalsCreated);

    const byName = new Map(DEMO_STUDENTS.map((s) => [s.displayName, s]));
    const offerOf = new Map(DEMO_OFFERS.map((o) => [o.title, o]));
    const verified = new Set(DEMO_ORGANIZATIONS.filter((o) => o.verified).map((o) => o.key));
    for (const p of proposals) {
      const offer = offerOf.get(p.offer.title)!;
      expect(offer.status).toBe('OPEN');
      expect(verified).toContain(offer.organization);
      expect(p.plan.title).toMatch(JAPANESE);
      expect(p.participants.length).toBeGreaterThan(0);
      for (const x of p.participants) {
        const student = byName.get(x.student.displayName)!;
        expect(student).toBeDefined();
        // matchable, in a stage the offer takes, and fitting its mode
        expect(student.themes.length).toBeGreaterThan(0);
        expect(student.guardianConsent || stageOf(student.school) === 'UNIVERSITY').toBe(true);
        expect(offer.stages).toContain(stageOf(student.school));
        // a HYBRID offer fits every mode, one without slots every time
        expect(offer.mode === 'HYBRID' || student.modes.includes(offer.mode)).toBe(true);
        expect(offer.slots.length === 0 || student.slots.some((slot) => offer.slots.includes(slot))).toBe(true);
        expect(x.reasons.length).toBeGreaterThan(0);
        for (const r of x.reasons) expect(r).toMatch(JAPANESE);
      }
      // the demo students were written to fit: each proposal names a theme its people share with the offer
      expect(p.participants.some((x) => x.reasons.some((r) => r.startsWith('共通のテーマ')))).toBe(true);
    }
    // and the mode and slot rules above were put to the test: some proposals are for offers with one mode and with slots
    expect(proposals.some((p) => offerOf.get(p.offer.title)!.mode !== 'HYBRID')).toBe(true);
    expect(proposals.some((p) => offerOf.get(p.offer.title)!.slots.length > 0)).toBe(true);
  });
});
