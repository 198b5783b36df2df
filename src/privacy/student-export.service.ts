import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/domain-error.js';
import { PersonalDataRegistry } from '../personal-data/personal-data.registry.js';
import { AuditKind } from '../common/audit/audit.enums.js';
import { AuditWriter } from '../common/audit/audit-writer.js';

/** The version of the export's shape; a portal can tell what it reads (later versions only add sections). */
export const EXPORT_FORMAT = 'chifuku-neo/student-data@1';

/**
 * The APPI disclosure request (個人情報保護法 第33条 保有個人データの開示): everything the service
 * holds on one student, on every platform, for their school portal to hand over: each module's
 * PersonalDataStep contributes its sections (personal-data.registry.ts). Read in one REPEATABLE
 * READ transaction, so the parts agree with each other, and recorded in the audit log (DATA_EXPORT).
 */
@Injectable()
export class StudentExportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditWriter,
    private readonly registry: PersonalDataRegistry,
  ) {}

  /** The school's own student by externalRef; another school's student, a withdrawn one or none is NOT_FOUND. */
  async export(schoolId: string, externalRef: string, requestId: string | null): Promise<Record<string, unknown>> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const [student]: { id: string }[] = await tx.query('SELECT id FROM student WHERE school_id = $1 AND external_ref = $2 AND withdrawn_at IS NULL', [
        schoolId,
        externalRef,
      ]);
      if (!student) throw notFound('生徒 (externalRef)');
      await this.audit.write([{ kind: AuditKind.DATA_EXPORT, actorSchoolId: schoolId, studentId: student.id, requestId }], tx);
      return { format: EXPORT_FORMAT, exportedAt: new Date().toISOString(), ...(await this.registry.exportAll(tx, student.id)) };
    });
  }
}
