import { Module } from '@nestjs/common';
import { AuditWriterModule } from '../common/audit/audit-writer.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { AuditLogService } from './audit-log.service.js';
import { PrivacyPersonalData } from './privacy-personal-data.js';
import { PrivacyResolver } from './privacy.resolver.js';
import { StudentExportService } from './student-export.service.js';

/** Privacy duties: the audit log (coordinators), students' data export (school portals). */
@Module({
  imports: [AuditWriterModule, PersonalDataModule],
  providers: [AuditLogService, StudentExportService, PrivacyResolver, PrivacyPersonalData],
})
export class PrivacyModule {}
