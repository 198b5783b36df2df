import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MatchingTriggerModule } from '../matching/matching-trigger.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { AuditModule } from '../privacy/audit.module.js';
import { StudentPersonalData } from './student-personal-data.js';
import { StudentResolver } from './student.resolver.js';
import { StudentService } from './student.service.js';

/** Students of the future conference: school-portal enrolment, consent, sessions and erasure; the student's own profile. */
@Module({
  imports: [IdentityModule, GraphModule, MatchingTriggerModule, AuditModule, PersonalDataModule],
  providers: [StudentService, StudentResolver, StudentPersonalData],
  exports: [StudentService],
})
export class StudentsModule {}
