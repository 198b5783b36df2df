import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The coordinators' proposal list without a filter (`proposals(first: 50)`, newest first) as an
 * index range: the (status, created_at, id) and (offer_id, created_at, id) indexes serve the
 * filtered lists only, so the page sorted every proposal ever made (bench:api's scale run, issue
 * 15 item 4: ten times the proposals, the same page, 0.73× the requests a second).
 */
export class ProposalPageIndex1765300000000 implements MigrationInterface {
  name = 'ProposalPageIndex1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS proposal_created ON proposal (created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS proposal_created`);
  }
}
