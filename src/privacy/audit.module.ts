import { Module } from '@nestjs/common';
import { AuditWriter } from './audit-writer.js';
import { AuditFlushPlugin, StudentReadAudit } from './student-read-audit.js';

/**
 * The audit's writing side, for the modules that record into it (students' guarded fields, school
 * key rotation, exports); imports nothing, so any module may import it without a cycle.
 */
@Module({
  providers: [AuditWriter, StudentReadAudit, AuditFlushPlugin],
  exports: [AuditWriter, StudentReadAudit],
})
export class AuditModule {}
