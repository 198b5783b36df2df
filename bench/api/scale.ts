/**
 * Item 4 of issue 15: the coordinator's page with ten times the proposals in the database. The
 * copies are added by SQL (each PROPOSED proposal of the matching run again, under runs of their
 * own, with its participants closed so that "one open proposal per student" holds) and dated
 * before the originals, so that the first page is the very same 50 rows: what changes is only
 * what the queries must pass over to find them.
 */
import type { DataSource } from 'typeorm';

/** Adds (factor - 1) copies of every PROPOSED proposal; returns how many proposals there are then. */
export async function multiplyProposals(db: DataSource, factor: number): Promise<{ proposals: number; participants: number; ms: number }> {
  const t0 = performance.now();
  const runs: { id: string }[] = await db.query(
    `INSERT INTO matching_run (status, cause, progress, finished_at) SELECT 'COMPLETED', 'REQUESTED', 1, now() FROM generate_series(1, $1) RETURNING id`,
    [factor - 1],
  );
  await db.query(
    `WITH src AS (SELECT * FROM proposal WHERE status = 'PROPOSED'),
     copies AS (SELECT gen_random_uuid() AS id, s.id AS of, r.run_id, r.k FROM src s CROSS JOIN unnest($1::uuid[]) WITH ORDINALITY AS r(run_id, k)),
     ins AS (
       INSERT INTO proposal (id, run_id, offer_id, status, score, plan_title, plan_summary, plan_themes, created_at)
       SELECT c.id, c.run_id, s.offer_id, s.status, s.score, s.plan_title, s.plan_summary, s.plan_themes, s.created_at - c.k * interval '1 day'
       FROM copies c JOIN src s ON s.id = c.of RETURNING id)
     INSERT INTO proposal_participant (proposal_id, student_id, score, reasons, open)
     SELECT c.id, pp.student_id, pp.score, pp.reasons, false FROM copies c JOIN proposal_participant pp ON pp.proposal_id = c.of`,
    [runs.map((r) => r.id)],
  );
  await db.query('VACUUM ANALYZE proposal, proposal_participant');
  const [n]: { proposals: string; participants: string }[] = await db.query(
    `SELECT (SELECT count(*) FROM proposal) AS proposals, (SELECT count(*) FROM proposal_participant) AS participants`,
  );
  return { proposals: Number(n.proposals), participants: Number(n.participants), ms: performance.now() - t0 };
}
