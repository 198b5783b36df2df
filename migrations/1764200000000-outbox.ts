import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The job outbox: every job's cause, written in the same transaction as the change that caused it,
 * and relayed to BullMQ until a worker acknowledges it (so a queue that loses its data loses no job).
 */
export class Outbox1764200000000 implements MigrationInterface {
  name = 'Outbox1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job_outbox (
        -- the job's deterministic id (jobs.ts JOB_ID): the same cause is recorded once and queued once
        job_id text PRIMARY KEY CHECK (char_length(job_id) BETWEEN 1 AND 200),
        queue text NOT NULL,
        name text NOT NULL,
        -- ids only, like every job payload
        payload jsonb NOT NULL,
        -- not to be run before this (a debounced matching run is recorded now and runs later)
        run_after timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- last time a relay handed it to BullMQ (null: never yet)
        relayed_at timestamptz,
        relay_count int NOT NULL DEFAULT 0,
        -- when a relay next looks at it: to queue it, or to check that BullMQ still has it
        next_check_at timestamptz NOT NULL DEFAULT now(),
        -- processing attempts as BullMQ counted them, and the last failure's message
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        -- acknowledged: set by the worker when the job finished (or failed for good); never relayed again
        done_at timestamptz,
        failed boolean NOT NULL DEFAULT false
      )`);
    // the relay's one query: due rows not yet done
    await q.query(`CREATE INDEX job_outbox_due ON job_outbox (next_check_at) WHERE done_at IS NULL`);
    // its garbage collection: done rows older than a day
    await q.query(`CREATE INDEX job_outbox_done ON job_outbox (done_at) WHERE done_at IS NOT NULL`);

    // matching runs queued before this migration had no outbox row: give them one, so they are not lost either
    await q.query(`
      INSERT INTO job_outbox (job_id, queue, name, payload)
      SELECT 'matching-run.' || id, 'matching', 'matching-run', jsonb_build_object('runId', id)
      FROM matching_run WHERE status IN ('QUEUED', 'RUNNING')
      ON CONFLICT (job_id) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS job_outbox');
  }
}
