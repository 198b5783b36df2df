import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { UnplacedStudent } from '../engine/index.js';
import { shareLockStudents } from '../lock-order.js';
import { PROPOSABLE_SQL } from './load-inputs.js';
import type { ProposalColumns } from './proposal-columns.js';

/**
 * Writes a run's proposals in one transaction, in bulk, taking its locks in the order of
 * lock-order.ts: first the students it proposes (FOR SHARE, re-checked: consent may have been
 * withdrawn while the run computed, and a withdrawal now waits for this transaction, then finds
 * the new proposals and takes the student out of them), then the previous runs' open proposals,
 * which become SUPERSEDED, then the new ones go in with `unnest`. ON CONFLICT makes a repeated
 * write a no-op. A student who was invited somewhere since the run read its inputs (an approval
 * locks the students it invites FOR NO KEY UPDATE, so this lock waits for it and sees it) is left
 * out too. Returns the number of proposals created and of freed places they fill.
 */
export async function writeProposals(
  tx: EntityManager,
  runId: string,
  proposals: ProposalColumns,
  /** ms per step, for the run's stats (bench:matching prints them) */
  steps: Record<string, number> = {},
): Promise<{ created: number; refilled: number }> {
  let mark = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = Math.round(now - mark);
    mark = now;
  };
  const matchable = await shareLockStudents(tx, proposals.participantStudent, PROPOSABLE_SQL);
  step('lockStudents');
  await tx.query(
    `WITH old AS (
       SELECT id FROM proposal WHERE status = 'PROPOSED' AND run_id <> $1 ORDER BY id FOR UPDATE
     ), superseded AS (
       UPDATE proposal p SET status = 'SUPERSEDED' FROM old WHERE p.id = old.id RETURNING p.id
     )
     UPDATE proposal_participant pp SET open = false FROM superseded WHERE pp.proposal_id = superseded.id`,
    [runId],
  );
  step('supersede');
  if (!proposals.length) return { created: 0, refilled: 0 };

  const ids = proposals.offerIds.map(() => randomUUID());
  const inserted: { id: string }[] = await tx.query(
    `INSERT INTO proposal (id, run_id, offer_id, score, plan_title, plan_summary, plan_themes)
     SELECT p.id, $1, p.offer_id, p.score, p.title, p.summary, string_to_array(p.themes, ',')
     FROM unnest($2::uuid[], $3::uuid[], $4::real[], $5::text[], $6::text[], $7::text[]) AS p(id, offer_id, score, title, summary, themes)
     ON CONFLICT (run_id, offer_id) DO NOTHING
     RETURNING id`,
    [runId, ids, proposals.offerIds, Array.from(proposals.scores, clamp), proposals.titles, proposals.summaries, proposals.themes],
  );
  step('insertProposals');
  if (!inserted.length) return { created: 0, refilled: 0 };

  const created = new Set(inserted.map((r) => r.id));
  // the participants of the proposals created, still proposable, in the engine's order
  const kept: number[] = [];
  for (let k = 0; k < proposals.participantStudent.length; k++) {
    if (created.has(ids[proposals.participantProposal[k]]) && matchable.has(proposals.participantStudent[k])) kept.push(k);
  }
  // one JSON document of rows (reasons are ragged text[][], which unnest cannot take), put together
  // from the JSON the engine thread made of each participant's reasons: nothing is serialised twice
  const rows: string[] = kept.map(
    (k) => `{"p":"${ids[proposals.participantProposal[k]]}","s":"${proposals.participantStudent[k]}","w":${JSON.stringify(clamp(proposals.participantScore[k]))},"r":${proposals.participantReasons[k]}}`,
  );
  await tx.query(
    `INSERT INTO proposal_participant (proposal_id, student_id, score, reasons)
     SELECT u.p, u.s, u.w, u.r FROM json_to_recordset($1::json) AS u(p uuid, s uuid, w real, r text[])
     ON CONFLICT DO NOTHING`,
    [`[${rows.join(',')}]`],
  );
  step('insertParticipants');
  // a proposal whose every participant dropped out meanwhile is not worth a coordinator's time
  await tx.query(
    `UPDATE proposal p SET status = 'SUPERSEDED' WHERE p.id = ANY($1::uuid[])
       AND NOT EXISTS (SELECT 1 FROM proposal_participant pp WHERE pp.proposal_id = p.id)`,
    [[...created]],
  );
  step('dropEmpty');
  const [{ n }]: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM proposal WHERE run_id = $1 AND status = 'PROPOSED'`, [runId]);
  // places given back since earlier runs (declines, expiries, withdrawals) that this run fills
  // again: taken off the offers' freed_places as they are counted (step 4 of lock-order.ts)
  const [{ refilled }]: { refilled: number }[] = await tx.query(
    `WITH per_offer AS (
       SELECT p.offer_id, count(pp.*)::int AS n FROM proposal p JOIN proposal_participant pp ON pp.proposal_id = p.id
       WHERE p.run_id = $1 AND p.status = 'PROPOSED' GROUP BY p.offer_id
     ), locked AS (
       SELECT o.id, o.freed_places FROM offer o JOIN per_offer f ON f.offer_id = o.id WHERE o.freed_places > 0 ORDER BY o.id FOR UPDATE OF o
     ), taken AS (
       UPDATE offer o SET freed_places = o.freed_places - least(l.freed_places, f.n) FROM locked l JOIN per_offer f ON f.offer_id = l.id
       WHERE o.id = l.id RETURNING least(l.freed_places, f.n) AS n
     )
     SELECT coalesce(sum(n), 0)::int AS refilled FROM taken`,
    [runId],
  );
  step('countAndRefill');
  return { created: n, refilled };
}

/** Why each matchable student this run did not place was left out (MatchingRun.unplaced, coordinators only). */
export async function writeUnplaced(tx: EntityManager, runId: string, unplaced: UnplacedStudent[]): Promise<void> {
  if (!unplaced.length) return;
  await tx.query(
    `INSERT INTO matching_run_unplaced (run_id, student_id, reason, nearest_offer_id, score, cutoff)
     SELECT $1, u.student_id, u.reason::unplaced_reason, u.nearest, u.score, u.cutoff
     FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::real[], $6::real[]) AS u(student_id, reason, nearest, score, cutoff)
     WHERE EXISTS (SELECT 1 FROM student s WHERE s.id = u.student_id)
     ON CONFLICT DO NOTHING`,
    [
      runId,
      unplaced.map((u) => u.studentId),
      unplaced.map((u) => u.reason),
      unplaced.map((u) => u.nearestOfferId ?? null),
      unplaced.map((u) => (u.score === undefined ? null : clamp(u.score))),
      unplaced.map((u) => (u.cutoff === undefined ? null : clamp(u.cutoff))),
    ],
  );
}

const clamp = (x: number) => Math.min(1, Math.max(0, x));
