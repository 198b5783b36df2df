import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MatchingTriggerModule } from '../matching/matching-trigger.module.js';
import { AuditModule } from '../privacy/audit.module.js';
import { StudentResolver } from './student.resolver.js';
import { StudentService } from './student.service.js';

/** Students of the future conference: school-portal enrolment, consent, sessions and erasure; the student's own profile. */
@Module({
  imports: [IdentityModule, GraphModule, MatchingTriggerModule, AuditModule],
  providers: [StudentService, StudentResolver],
  exports: [StudentService],
})
export class StudentsModule {}
