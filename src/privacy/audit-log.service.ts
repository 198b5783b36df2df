import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { badInput } from '../common/errors/domain-error.js';
import { cursorTimeSql, decodeCursor, DEFAULT_PAGE, encodeCursor, isCursorTime, toPage, type Page, type PageArgs } from '../common/graphql/pagination.js';
import type { SupportAuditAction } from '../preparedness/support.service.js';
import { AuditKind } from '../common/audit/audit.enums.js';
import type { AuditEntry } from './audit.models.js';

/**
 * The three sources of the audit log, each read newest first on its own (at DESC, id DESC) index:
 * `A` privacy_audit (reads, exports, key rotations), `D` decision_audit (approvals and
 * rejections) and `S` support_audit (coordinators' reads and changes of みんなのもしも's support
 * needs, pairings and disasters, and helpers' break-glass openings of contact cards). An entry's id is its source's letter and its row id, zero-padded, so that
 * (at, id) orders the merged log and serves as the keyset cursor.
 *
 * support_audit is read where it is rather than copied into privacy_audit: the preparedness module
 * writes it in the very transaction of each read or change, and its rows name needs and pairings,
 * not students.
 */
type Source = 'A' | 'D' | 'S';

/**
 * The support_audit actions that are reads (SUPPORT_READ), and the break-glass openings of contact
 * cards (CONTACT_OPENED, their own kind); every other one is a change (SUPPORT_CHANGE).
 */
const SUPPORT_READS: readonly SupportAuditAction[] = ['NEED_READ', 'PAIRING_READ'];
const CONTACT_OPENED: SupportAuditAction = 'CONTACT_OPENED';

interface Filter {
  kind?: AuditKind;
  studentId?: string;
}

interface Row extends Omit<AuditEntry, 'actor' | 'actorSchool'> {
  actorUserId: string | null;
  actorName: string | null;
  actorRoles: string[] | null;
  actorSchoolId: string | null;
  actorSchoolName: string | null;
  cursorAt: string;
}

const ENTRY_ID = /^[ADS][0-9]{19}$/;
const pad = (column: string) => `lpad(${column}::text, 19, '0')`;

/** The audit log: coordinators page through it (`auditLog`), school exports list a student's entries. */
@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(filter: Filter, page: PageArgs): Promise<Page<AuditEntry>> {
    const first = page.first ?? DEFAULT_PAGE;
    let cursor: { at: string; source: Source; id: string } | undefined;
    if (page.after) {
      const [at, id] = decodeCursor(page.after, ['string', 'string']) as [string, string];
      if (!ENTRY_ID.test(id) || !isCursorTime(at)) throw badInput([{ field: 'after', message: 'カーソルが正しくありません (invalid cursor)' }]);
      cursor = { at, source: id[0] as Source, id: id.slice(1).replace(/^0+(?=\d)/, '') };
    }
    const [found, total] = await Promise.all([this.read(this.db, filter, { limit: first + 1, cursor }), this.count(filter)]);
    return toPage(found, first, total, (e) => encodeCursor([(e as AuditEntry & { cursorAt: string }).cursorAt, e.id]));
  }

  /** Every entry about one student, oldest first (for their data export). */
  async aboutStudent(db: DataSource | EntityManager, studentId: string): Promise<AuditEntry[]> {
    return (await this.read(db, { studentId }, {})).reverse();
  }

  private async count(filter: Filter): Promise<number> {
    if (!this.sources(filter).length) return 0;
    const params: unknown[] = [];
    const parts = this.sources(filter).map((source) => `SELECT count(*)::int AS n FROM ${this.from(source, filter, params)}`);
    const rows: { n: number }[] = await this.db.query(parts.join(' UNION ALL '), params);
    return rows.reduce((sum, r) => sum + r.n, 0);
  }

  private async read(db: DataSource | EntityManager, filter: Filter, opts: { limit?: number; cursor?: { at: string; source: Source; id: string } }): Promise<AuditEntry[]> {
    if (!this.sources(filter).length) return [];
    const params: unknown[] = [];
    const bind = (v: unknown) => `$${params.push(v)}`;
    const limit = opts.limit === undefined ? '' : `LIMIT ${bind(opts.limit)}`;
    const branches = this.sources(filter).map((source) => {
      const table = source.toLowerCase();
      const where: string[] = [];
      const c = opts.cursor;
      if (c) {
        // the merged order is (at DESC, id DESC) and 'S…' > 'D…' > 'A…': rows of another source at
        // the cursor's very instant sort before or after it as a whole
        if (c.source === source) where.push(`(${table}.at, ${table}.id) < (${bind(c.at)}::timestamptz, ${bind(c.id)}::bigint)`);
        else where.push(`${table}.at ${source < c.source ? '<=' : '<'} ${bind(c.at)}::timestamptz`);
      }
      const from = this.from(source, filter, params, where);
      const noSupport = `NULL::text AS "supportAction", '{}'::uuid[] AS "needIds", '{}'::uuid[] AS "pairingIds", NULL::uuid AS "disasterId"`;
      const columns =
        source === 'A'
          ? `'A' || ${pad('a.id')} AS id, a.kind::text AS kind, a.at, a.actor_user_id AS "actorUserId", a.actor_school_id AS "actorSchoolId",
             CASE WHEN a.student_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[a.student_id] END AS "studentIds", a.school_id AS "schoolId",
             a.fields, a.request_id AS "requestId", NULL::uuid AS "proposalId", NULL::text AS decision, ${noSupport}`
          : source === 'D'
            ? `'D' || ${pad('d.id')} AS id, 'DECISION' AS kind, d.at, d.actor_id AS "actorUserId", NULL::uuid AS "actorSchoolId",
             ARRAY(SELECT pp.student_id FROM proposal_participant pp WHERE pp.proposal_id = d.proposal_id ORDER BY pp.student_id) AS "studentIds",
             NULL::uuid AS "schoolId", '{}'::text[] AS fields, NULL::text AS "requestId", d.proposal_id AS "proposalId", d.decision::text AS decision, ${noSupport}`
            : `'S' || ${pad('s.id')} AS id,
             CASE WHEN s.action = ANY(${bind(SUPPORT_READS)}::text[]) THEN '${AuditKind.SUPPORT_READ}'
                  WHEN s.action = '${CONTACT_OPENED}' THEN '${AuditKind.CONTACT_OPENED}' ELSE '${AuditKind.SUPPORT_CHANGE}' END AS kind,
             s.at, s.actor_user_id AS "actorUserId", NULL::uuid AS "actorSchoolId", '{}'::uuid[] AS "studentIds", NULL::uuid AS "schoolId",
             '{}'::text[] AS fields, s.request_id AS "requestId", NULL::uuid AS "proposalId", NULL::text AS decision,
             s.action AS "supportAction", s.need_ids AS "needIds", s.pairing_ids AS "pairingIds", s.disaster_id AS "disasterId"`;
      return `(SELECT ${columns} FROM ${from} ORDER BY ${table}.at DESC, ${table}.id DESC ${limit})`;
    });
    const rows: Row[] = await db.query(
      `SELECT e.*, ${cursorTimeSql('e.at')} AS "cursorAt",
         u.display_name AS "actorName", u.roles::text[] AS "actorRoles", sc.name AS "actorSchoolName"
       FROM (${branches.join(' UNION ALL ')}) e
       LEFT JOIN app_user u ON u.id = e."actorUserId"
       LEFT JOIN school sc ON sc.id = e."actorSchoolId"
       ORDER BY e.at DESC, e.id COLLATE "C" DESC ${limit}`,
      params,
    );
    return rows.map(toEntry);
  }

  /** The sources that can hold entries under the filter: support entries name no student, so none is about one. */
  private sources(filter: Filter): Source[] {
    const support: Source[] = filter.studentId ? [] : ['S'];
    if (!filter.kind) return ['A', 'D', ...support];
    if (filter.kind === AuditKind.DECISION) return ['D'];
    if (filter.kind === AuditKind.SUPPORT_READ || filter.kind === AuditKind.SUPPORT_CHANGE || filter.kind === AuditKind.CONTACT_OPENED) return support;
    return ['A'];
  }

  /** `table alias WHERE …` of one source under the filter. */
  private from(source: Source, filter: Filter, params: unknown[], where: string[] = []): string {
    const bind = (v: unknown) => `$${params.push(v)}`;
    const conditions = [...where];
    if (source === 'A') {
      if (filter.kind) conditions.push(`a.kind = ${bind(filter.kind)}::privacy_audit_kind`);
      if (filter.studentId) conditions.push(`a.student_id = ${bind(filter.studentId)}::uuid`);
      return `privacy_audit a${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
    }
    if (source === 'S') {
      if (filter.kind === AuditKind.SUPPORT_READ) conditions.push(`s.action = ANY(${bind(SUPPORT_READS)}::text[])`);
      else if (filter.kind === AuditKind.CONTACT_OPENED) conditions.push(`s.action = ${bind(CONTACT_OPENED)}`);
      else if (filter.kind) conditions.push(`s.action <> ALL(${bind([...SUPPORT_READS, CONTACT_OPENED])}::text[])`);
      return `support_audit s${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
    }
    if (filter.studentId) {
      conditions.push(`d.proposal_id IN (SELECT pp.proposal_id FROM proposal_participant pp WHERE pp.student_id = ${bind(filter.studentId)}::uuid)`);
    }
    return `decision_audit d${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
  }
}

const DELETED_ACCOUNT = '削除されたアカウント';
const DELETED_SCHOOL = '削除された学校';

function toEntry(r: Row): AuditEntry & { cursorAt: string } {
  return {
    id: r.id,
    kind: r.kind,
    at: r.at,
    actor: r.actorUserId ? { id: r.actorUserId, displayName: r.actorName ?? DELETED_ACCOUNT, roles: (r.actorRoles ?? []) as never } : null,
    actorSchool: r.actorSchoolId ? { id: r.actorSchoolId, name: r.actorSchoolName ?? DELETED_SCHOOL } : null,
    studentIds: r.studentIds,
    schoolId: r.schoolId,
    fields: r.fields,
    requestId: r.requestId,
    proposalId: r.proposalId,
    decision: r.decision,
    supportAction: r.supportAction,
    needIds: r.needIds,
    pairingIds: r.pairingIds,
    disasterId: r.disasterId,
    cursorAt: r.cursorAt,
  };
}
