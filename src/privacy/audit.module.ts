import { Module } from '@nestjs/common';
import { AuditWriterModule } from '../common/audit/audit-writer.module.js';
import { AuditFlushPlugin, StudentReadAudit } from './student-read-audit.js';

/**
 * The audit's writing side for the students' guarded fields (StudentReadAudit and the plugin that
 * flushes it), with the writer itself (common/audit) for the modules that record into it; imports
 * nothing above common, so any module may import it without a cycle.
 */
@Module({
  imports: [AuditWriterModule],
  providers: [StudentReadAudit, AuditFlushPlugin],
  exports: [AuditWriterModule, StudentReadAudit],
})
export class AuditModule {}
