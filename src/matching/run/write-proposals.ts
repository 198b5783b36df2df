import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ProposedAssignment } from '../engine/index.js';
import { shareLockStudents } from '../lock-order.js';
import { MATCHABLE_SQL } from './load-inputs.js';

/**
 * Writes a run's proposals in one transaction, in bulk, taking its locks in the order of
 * lock-order.ts: first the students it proposes (FOR SHARE, re-checked: consent may have been
 * withdrawn while the run computed, and a withdrawal now waits for this transaction, then finds
 * the new proposals and takes the student out of them), then the previous runs' open proposals,
 * which become SUPERSEDED, then the new ones go in with `unnest`. ON CONFLICT makes a repeated
 * write a no-op. Returns the number of proposals created.
 */
export async function writeProposals(tx: EntityManager, runId: string, proposals: ProposedAssignment[]): Promise<number> {
  const matchable = await shareLockStudents(
    tx,
    proposals.flatMap((p) => p.participants.map((pp) => pp.studentId)),
    MATCHABLE_SQL,
  );
  await tx.query(
    `WITH old AS (
       SELECT id FROM proposal WHERE status = 'PROPOSED' AND run_id <> $1 ORDER BY id FOR UPDATE
     ), superseded AS (
       UPDATE proposal p SET status = 'SUPERSEDED' FROM old WHERE p.id = old.id RETURNING p.id
     )
     UPDATE proposal_participant pp SET open = false FROM superseded WHERE pp.proposal_id = superseded.id`,
    [runId],
  );
  if (!proposals.length) return 0;

  const ids = proposals.map(() => randomUUID());
  const inserted: { id: string }[] = await tx.query(
    `INSERT INTO proposal (id, run_id, offer_id, score, plan_title, plan_summary, plan_themes)
     SELECT p.id, $1, p.offer_id, p.score, p.title, p.summary, string_to_array(p.themes, ',')
     FROM unnest($2::uuid[], $3::uuid[], $4::real[], $5::text[], $6::text[], $7::text[]) AS p(id, offer_id, score, title, summary, themes)
     ON CONFLICT (run_id, offer_id) DO NOTHING
     RETURNING id`,
    [
      runId,
      ids,
      proposals.map((p) => p.offerId),
      proposals.map((p) => clamp(p.score)),
      proposals.map((p) => p.plan.title),
      proposals.map((p) => p.plan.summary),
      proposals.map((p) => p.plan.themes.join(',')),
    ],
  );
  if (!inserted.length) return 0;

  const created = new Set(inserted.map((r) => r.id));
  const rows = proposals.flatMap((p, i) => (created.has(ids[i]) ? p.participants.filter((pp) => matchable.has(pp.studentId)).map((pp) => ({ proposalId: ids[i], ...pp })) : []));
  // reasons travel as one JSON array per row: unnest cannot take ragged text[][]
  await tx.query(
    `INSERT INTO proposal_participant (proposal_id, student_id, score, reasons)
     SELECT u.proposal_id, u.student_id, u.score, ARRAY(SELECT jsonb_array_elements_text(u.reasons))
     FROM unnest($1::uuid[], $2::uuid[], $3::real[], $4::jsonb[]) AS u(proposal_id, student_id, score, reasons)
     ON CONFLICT DO NOTHING`,
    [rows.map((r) => r.proposalId), rows.map((r) => r.studentId), rows.map((r) => clamp(r.score)), rows.map((r) => JSON.stringify(r.reasons))],
  );
  // a proposal whose every participant dropped out meanwhile is not worth a coordinator's time
  await tx.query(
    `UPDATE proposal p SET status = 'SUPERSEDED' WHERE p.id = ANY($1::uuid[])
       AND NOT EXISTS (SELECT 1 FROM proposal_participant pp WHERE pp.proposal_id = p.id)`,
    [[...created]],
  );
  const [{ n }]: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM proposal WHERE run_id = $1 AND status = 'PROPOSED'`, [runId]);
  return n;
}

const clamp = (x: number) => Math.min(1, Math.max(0, x));
