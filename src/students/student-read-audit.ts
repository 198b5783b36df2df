import { Injectable, Logger } from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { hasRole, type GqlContext } from '../common/graphql/context.js';
import { Role } from '../identity/role.enum.js';
import { StudentStage } from './student.enums.js';
import { AuditKind } from '../common/audit/audit.enums.js';
import { AuditWriter, requestIdOf, type AuditRecord } from '../common/audit/audit-writer.js';

/** The Student fields whose reads by coordinators are audited when the student is a minor. */
export type AuditedStudentField = 'school' | 'guardianConsent' | 'matchable' | 'profile';

interface PendingReads {
  actorUserId: string;
  requestId: string | null;
  /** student id → the fields read */
  students: Map<string, Set<AuditedStudentField>>;
}

/**
 * The audit of coordinators reading minors' details. Student's guarded field resolvers call
 * `note` (cheap, in memory); at the end of the request AuditFlushPlugin writes everything the
 * request read as ONE bulk insert: a list of 100 proposals with their students costs one
 * statement, not one per student. Entries hold ids and field names only.
 *
 * Minors are students whose stage is not UNIVERSITY. The student reading their own details and
 * their own school portal are not audited (it is their data); organisation members never reach
 * these fields (student.policy.ts refuses them).
 */
@Injectable()
export class StudentReadAudit {
  private readonly pending = new WeakMap<object, PendingReads>();

  constructor(private readonly writer: AuditWriter) {}

  note(ctx: GqlContext, student: { id: string; stage: StudentStage }, field: AuditedStudentField): void {
    const viewer = ctx.viewer;
    if (viewer.kind !== 'user' || !hasRole(viewer, Role.COORDINATOR) || viewer.userId === student.id) return;
    if (student.stage === StudentStage.UNIVERSITY) return;
    let reads = this.pending.get(ctx);
    if (!reads) {
      reads = { actorUserId: viewer.userId, requestId: requestIdOf(ctx), students: new Map() };
      this.pending.set(ctx, reads);
    }
    let fields = reads.students.get(student.id);
    if (!fields) reads.students.set(student.id, (fields = new Set()));
    fields.add(field);
  }

  /** Writes the request's reads (one statement) and forgets them; returns how many students were read. */
  async flush(ctx: object | undefined): Promise<number> {
    const reads = ctx ? this.pending.get(ctx) : undefined;
    if (!reads) return 0;
    this.pending.delete(ctx!);
    const records: AuditRecord[] = [...reads.students].map(([studentId, fields]) => ({
      kind: AuditKind.STUDENT_READ,
      actorUserId: reads.actorUserId,
      studentId,
      fields: [...fields].sort(),
      requestId: reads.requestId,
    }));
    await this.writer.write(records);
    return records.length;
  }
}

/**
 * Writes each request's audited reads before its response leaves. Fails closed: when the entries
 * cannot be written, the response goes out without its data (503), since a minor's details must
 * not be shown off the record.
 */
@Plugin()
export class AuditFlushPlugin implements ApolloServerPlugin<GqlContext> {
  private readonly logger = new Logger('PrivacyAudit');

  constructor(private readonly reads: StudentReadAudit) {}

  async requestDidStart(): Promise<GraphQLRequestListener<GqlContext>> {
    return {
      willSendResponse: async ({ contextValue, response }) => {
        try {
          await this.reads.flush(contextValue);
        } catch (err) {
          // ids only: the message of a failed insert names no student data
          this.logger.error(`could not write the read audit of request ${requestIdOf(contextValue) ?? '?'}: ${err instanceof Error ? err.message : String(err)}`);
          response.http.status = 503;
          response.body = {
            kind: 'single',
            singleResult: { errors: [{ message: '監査記録を書けなかったため、応答できません (audit log unavailable)', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
          };
        }
      },
    };
  }
}
