import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { GqlContext } from '../graphql/context.js';
import type { PrivacyAuditKind } from './audit.enums.js';

/** One privacy_audit row: ids and field names only, never the data that was read. */
export interface AuditRecord {
  kind: PrivacyAuditKind;
  actorUserId?: string | null;
  actorSchoolId?: string | null;
  studentId?: string | null;
  schoolId?: string | null;
  fields?: readonly string[];
  requestId?: string | null;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request id the logs carry (pino-http's, echoed as x-request-id), so an entry leads to its log lines. */
export function requestIdOf(ctx: Pick<GqlContext, 'req'> | undefined): string | null {
  const id = (ctx?.req as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && REQUEST_ID.test(id) ? id : null;
}

/** Appends audit entries, any number in one statement, inside the caller's transaction when given one. */
@Injectable()
export class AuditWriter {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async write(records: readonly AuditRecord[], tx: DataSource | EntityManager = this.db): Promise<void> {
    if (!records.length) return;
    // field names are GraphQL identifiers (no commas), so each list travels as one text
    await tx.query(
      `INSERT INTO privacy_audit (kind, actor_user_id, actor_school_id, student_id, school_id, fields, request_id)
       SELECT r.kind::privacy_audit_kind, r.actor_user, r.actor_school, r.student, r.school, string_to_array(r.fields, ','), r.request
       FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[])
         AS r(kind, actor_user, actor_school, student, school, fields, request)`,
      [
        records.map((r) => r.kind),
        records.map((r) => r.actorUserId ?? null),
        records.map((r) => r.actorSchoolId ?? null),
        records.map((r) => r.studentId ?? null),
        records.map((r) => r.schoolId ?? null),
        records.map((r) => (r.fields ?? []).join(',')),
        records.map((r) => r.requestId ?? null),
      ],
    );
  }
}
