/**
 * The refill scenario of bench:matching (issue 11, item 7): after the full run, every proposal is
 * approved and answered through the real services (ProposalService.approve, RepliesService: the
 * organisation accepts, about 10 % of the invited students decline, the rest accept), then a
 * second run fills the places given back, through the same real worker. Prints the refill's time
 * against the full run's and checks that every accepted student stayed where they were, that
 * nobody was proposed the offer they declined, that no offer got more than its free places, and
 * that refilledPlaces counts what the run filled.
 */
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/common/config/config.js';
import { JobsService } from '../../src/common/queue/jobs.service.js';
import { Role } from '../../src/identity/role.enum.js';
import { createApi } from '../../src/main.js';
import { ProposalService } from '../../src/matching/proposal.service.js';
import { RepliesService } from '../../src/matching/replies/replies.service.js';
import { mulberry32 } from '../engine/synthetic.js';
import type { Child } from './machine.js';
import { fmt, ms, pct, type Check, type Row } from './rows.js';

export interface RefillResult {
  approved: number;
  invited: number;
  declined: number;
  accepted: number;
  answerMs: number;
  freePlaces: number;
  /** places given back by declines (offer.freed_places before the refill) */
  freedPlaces: number;
  run: { id: string; wallMs: number; proposals: number; placed: number; refilledPlaces: number; students: number; offers: number };
  checks: Check[];
}

/** Runs `tasks` with at most `width` in flight. */
async function pool<T>(items: T[], width: number, task: (x: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await task(items[next++]);
  }));
}

/** A run requested as the coordinator's would be, through the worker; its wall time from started_at to the commit (the processor's log line). */
export async function timedRun(db: DataSource, jobs: JobsService, worker: Child, cause: string): Promise<{ id: string; wallMs: number }> {
  const [run]: { id: string }[] = await db.query(`INSERT INTO matching_run (cause) VALUES ($1) RETURNING id`, [cause]);
  if (!(await jobs.enqueue('matching-run', { runId: run.id }))) throw new Error('the job could not be queued');
  const deadline = Date.now() + 60 * 60_000;
  for (;;) {
    const [{ status, error }] = await db.query('SELECT status, error FROM matching_run WHERE id = $1', [run.id]);
    if (status === 'COMPLETED') break;
    if (status === 'FAILED') throw new Error(`the refill run FAILED: ${error}`);
    if (Date.now() > deadline || worker.child.exitCode !== null) throw new Error('the refill run did not finish');
    await new Promise((r) => setTimeout(r, 50));
  }
  await worker.waitFor(`matching run ${run.id}:`, 10_000);
  const line = worker.output().split('\n').find((l) => l.includes(`matching run ${run.id}:`));
  const committed = (JSON.parse(line!) as { time: number }).time;
  const [{ started }] = await db.query('SELECT extract(epoch FROM started_at) * 1000 AS started FROM matching_run WHERE id = $1', [run.id]);
  return { id: run.id, wallMs: committed - Number(started) };
}

export async function refillScenario(db: DataSource, config: AppConfig, jobs: JobsService, worker: Child, firstRunId: string, opts: { declineShare: number; seed: number; log: (s: string) => void }): Promise<RefillResult> {
  const log = opts.log;
  // the people who answer: a coordinator, one member per organisation (the synthetic city has none)
  const [{ id: coordinatorId }] = await db.query(`INSERT INTO app_user (display_name, roles) VALUES ('合成 コーディネーター', ARRAY['COORDINATOR']::role[]) RETURNING id`);
  // (a CTE read twice is computed once: each organisation gets one new user id)
  await db.query(`
    WITH orgs AS (SELECT DISTINCT o.organization_id AS org, gen_random_uuid() AS uid FROM proposal p JOIN offer o ON o.id = p.offer_id WHERE p.run_id = $1),
         users AS (INSERT INTO app_user (id, display_name, roles) SELECT uid, '合成 団体職員', ARRAY['ORGANIZATION_MEMBER']::role[] FROM orgs)
    INSERT INTO organization_member (organization_id, user_id) SELECT org, uid FROM orgs`, [firstRunId]);

  const api: INestApplication = await createApi({ ...config, runMigrations: false }, { shutdownHooks: false });
  try {
    const proposals = api.get(ProposalService);
    const replies = api.get(RepliesService);
    const ids: { id: string }[] = await db.query(`SELECT id FROM proposal WHERE run_id = $1 AND status = 'PROPOSED' ORDER BY id`, [firstRunId]);
    const t0 = performance.now();
    await pool(ids, 8, (p) => proposals.approve(p.id, coordinatorId, undefined));
    log(`approved ${ids.length} proposals in ${Math.round(performance.now() - t0)} ms`);
    const orgAnswers: { ja: string; member: string }[] = await db.query(
      `SELECT ja.id AS ja, min(m.user_id::text) AS member FROM joint_action ja JOIN offer o ON o.id = ja.offer_id JOIN organization_member m ON m.organization_id = o.organization_id
       WHERE ja.status = 'AWAITING_REPLIES' GROUP BY ja.id ORDER BY ja.id`,
    );
    await pool(orgAnswers, 8, (a) => replies.respond({ kind: 'user', userId: a.member, roles: [Role.ORGANIZATION_MEMBER] }, a.ja, true));
    const invitations: { ja: string; student: string }[] = await db.query(
      `SELECT joint_action_id AS ja, student_id AS student FROM joint_action_invitation WHERE status = 'PENDING' ORDER BY joint_action_id, student_id`,
    );
    const r = mulberry32(opts.seed);
    const answers = invitations.map((i) => ({ ...i, accept: r() >= opts.declineShare }));
    await pool(answers, 8, (a) => replies.respond({ kind: 'user', userId: a.student, roles: [Role.STUDENT] }, a.ja, a.accept));
    const answerMs = performance.now() - t0;
    const declined = answers.filter((a) => !a.accept);
    log(`answered: ${orgAnswers.length} organisations, ${answers.length - declined.length} students accepted, ${declined.length} declined (${Math.round(answerMs)} ms in all)`);

    // the notifications of the invitations are the worker's to send before the refill is timed
    const drained = Date.now() + 10 * 60_000;
    while ((await db.query(`SELECT count(*)::int AS n FROM job_outbox WHERE done_at IS NULL AND run_after <= now()`))[0].n > 0) {
      if (Date.now() > drained) throw new Error('the outbox did not drain');
      await new Promise((res) => setTimeout(res, 200));
    }
    await db.query('VACUUM ANALYZE');

    const before: { ja: string; student: string; offer: string }[] = await db.query(
      `SELECT i.joint_action_id AS ja, i.student_id AS student, ja.offer_id AS offer FROM joint_action_invitation i JOIN joint_action ja ON ja.id = i.joint_action_id WHERE i.status = 'ACCEPTED'`,
    );
    const free: { offer: string; free: number; freed: number }[] = await db.query(
      `SELECT id AS offer, capacity - approved_count AS free, freed_places AS freed FROM offer WHERE status = 'OPEN' AND capacity > approved_count`,
    );
    const freedOf = new Map(free.map((f) => [f.offer, f.freed]));
    const freeOf = new Map(free.map((f) => [f.offer, f.free]));
    const freePlaces = free.reduce((a, f) => a + f.free, 0);

    const run = await timedRun(db, jobs, worker, 'PLACE_FREED');
    const [stats] = await db.query(
      `SELECT proposals_created AS proposals, refilled_places AS refilled, (stats->>'students')::int AS students, (stats->>'offers')::int AS offers,
         (SELECT count(*)::int FROM proposal_participant pp JOIN proposal p ON p.id = pp.proposal_id WHERE p.run_id = $1) AS placed
       FROM matching_run WHERE id = $1`,
      [run.id],
    );
    const after = new Set(
      (await db.query(`SELECT joint_action_id AS ja, student_id AS student FROM joint_action_invitation WHERE status = 'ACCEPTED'`)).map((x: { ja: string; student: string }) => `${x.ja}.${x.student}`),
    );
    const proposed: { offer: string; student: string }[] = await db.query(
      `SELECT p.offer_id AS offer, pp.student_id AS student FROM proposal_participant pp JOIN proposal p ON p.id = pp.proposal_id WHERE p.run_id = $1`,
      [run.id],
    );
    const declinedPairs = new Set(
      (await db.query(`SELECT ja.offer_id AS offer, i.student_id AS student FROM joint_action_invitation i JOIN joint_action ja ON ja.id = i.joint_action_id WHERE i.status = 'DECLINED'`)).map(
        (x: { offer: string; student: string }) => `${x.offer}.${x.student}`,
      ),
    );
    const perOffer = new Map<string, number>();
    for (const x of proposed) perOffer.set(x.offer, (perOffer.get(x.offer) ?? 0) + 1);
    // refilledPlaces: per offer, the places given back since earlier runs that this run fills again
    const refilled = [...perOffer].reduce((a, [o, n]) => a + Math.min(n, freedOf.get(o) ?? 0), 0);
    const freedPlaces = free.reduce((a, f) => a + f.freed, 0);
    const moved = before.filter((b) => !after.has(`${b.ja}.${b.student}`)).length;
    const acceptedProposed = new Set(before.map((b) => b.student));
    return {
      approved: ids.length,
      invited: answers.length,
      declined: declined.length,
      accepted: answers.length - declined.length,
      answerMs,
      freePlaces,
      freedPlaces,
      run: { id: run.id, wallMs: run.wallMs, proposals: stats.proposals, placed: stats.placed, refilledPlaces: stats.refilled, students: stats.students, offers: stats.offers },
      checks: [
        { name: `every accepted student stayed in their joint action (${before.length} accepted, ${moved} moved)`, ok: moved === 0 && after.size >= before.length },
        { name: 'no accepted student was proposed again', ok: proposed.every((x) => !acceptedProposed.has(x.student)) },
        { name: 'nobody was proposed the offer they declined', ok: proposed.every((x) => !declinedPairs.has(`${x.offer}.${x.student}`)) },
        { name: 'no offer got more students than its free places', ok: [...perOffer].every(([o, n]) => n <= (freeOf.get(o) ?? 0)) },
        { name: `refilledPlaces counts the given-back places the run filled (${stats.refilled} = ${refilled} of ${freedPlaces} given back)`, ok: stats.refilled === refilled },
        { name: 'the refill filled given-back places', ok: declined.length === 0 || refilled > 0 },
      ],
    };
  } finally {
    await api.close();
  }
}

/** The scenario's rows and checks, against the full run of the same bench. */
export function refillRows(res: RefillResult, full: { wallMs: number; students: number; offers: number }): { rows: Row[]; checks: Check[] } {
  const r = res.run;
  return {
    rows: [
      {
        metric: `refill: ${fmt(res.approved)} proposals approved, ${fmt(res.invited)} invitations answered (${pct(res.declined / Math.max(1, res.invited), 1)} declined)`,
        value: `${fmt(res.accepted)} accepted, ${fmt(res.declined)} declined`,
        baseline: `through ProposalService and RepliesService, ${ms(res.answerMs)}`,
      },
      { metric: '  refill run: matchable students × offers with free places', value: `${fmt(r.students)} × ${fmt(r.offers)} (${fmt(res.freePlaces)} free places)`, baseline: `full run ${fmt(full.students)} × ${fmt(full.offers)}` },
      { metric: '  refill run wall time (started_at → proposals committed)', value: ms(r.wallMs), baseline: `full run ${ms(full.wallMs)}`, ratio: `${fmt(r.wallMs / full.wallMs, 3)}×` },
      { metric: '  refilledPlaces (given-back places filled again)', value: fmt(r.refilledPlaces), baseline: `${fmt(res.freedPlaces)} given back`, ratio: pct(r.refilledPlaces / Math.max(1, res.freedPlaces), 1) },
      { metric: '  students proposed by the refill run', value: fmt(r.placed), baseline: `${fmt(r.proposals)} proposals` },
    ],
    checks: res.checks.map((c) => ({ ...c, name: `refill: ${c.name}` })),
  };
}
