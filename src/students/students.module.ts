import { Module } from '@nestjs/common';
import { AuditWriterModule } from '../common/audit/audit-writer.module.js';
import { GraphModule } from '../graph/graph.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { StudentPersonalData } from './student-personal-data.js';
import { AuditFlushPlugin, StudentReadAudit } from './student-read-audit.js';
import { StudentResolver } from './student.resolver.js';
import { StudentService } from './student.service.js';

/** Students of the future conference: school-portal enrolment, consent, sessions and erasure; the student's own profile. */
@Module({
  imports: [IdentityModule, GraphModule, AuditWriterModule, PersonalDataModule],
  // the audit of coordinators' reads of minors' guarded fields, written once per request by the plugin
  providers: [StudentService, StudentResolver, StudentPersonalData, StudentReadAudit, AuditFlushPlugin],
  exports: [StudentService],
})
export class StudentsModule {}
