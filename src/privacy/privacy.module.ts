import { Module } from '@nestjs/common';
import { AuditModule } from './audit.module.js';
import { AuditLogService } from './audit-log.service.js';
import { PrivacyResolver } from './privacy.resolver.js';
import { StudentExportService } from './student-export.service.js';

/** Privacy duties: the audit log (coordinators), students' data export (school portals). */
@Module({
  imports: [AuditModule],
  providers: [AuditLogService, StudentExportService, PrivacyResolver],
})
export class PrivacyModule {}
