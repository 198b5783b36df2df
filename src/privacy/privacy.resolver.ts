import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { forbidden } from '../common/errors/domain-error.js';
import type { GqlContext } from '../common/graphql/context.js';
import type { Page } from '../common/graphql/pagination.js';
import { Roles, SchoolPortal } from '../identity/auth.decorators.js';
import { Role } from '../identity/role.enum.js';
import { ExternalRefArgs } from '../students/student.inputs.js';
import { AuditEntry, AuditEntryConnection, AuditLogArgs } from './audit.models.js';
import { AuditLogService } from './audit-log.service.js';
import { requestIdOf } from '../common/audit/audit-writer.js';
import { StudentExportService } from './student-export.service.js';

@Resolver()
export class PrivacyResolver {
  constructor(
    private readonly auditLogService: AuditLogService,
    private readonly exports: StudentExportService,
  ) {}

  @Roles(Role.COORDINATOR)
  @Query(() => AuditEntryConnection, {
    description:
      "coordinator, newest first: coordinators' reads of minors' details (STUDENT_READ), decisions on proposals (DECISION), data exports (DATA_EXPORT), school key rotations (SCHOOL_KEY_ROTATED), and coordinators' reads (SUPPORT_READ) and changes (SUPPORT_CHANGE) of みんなのもしも's support needs and pairings; studentId: only the entries about that student (support entries name none)",
  })
  auditLog(@Args() args: AuditLogArgs): Promise<Page<AuditEntry>> {
    return this.auditLogService.list({ kind: args.kind, studentId: args.studentId }, args);
  }

  @SchoolPortal()
  @Query(() => String, {
    description:
      'school portal (x-api-key), its own students only: everything held on the student as one JSON document (account, school, stage, consent, profile and texts, proposals, joint actions, events, notifications, audit entries), for a disclosure request under the APPI; recorded in the audit log',
  })
  async exportStudentData(@Args() args: ExternalRefArgs, @Context() ctx: GqlContext): Promise<string> {
    if (ctx.viewer.kind !== 'school') throw forbidden('この操作は学校ポータルの API キーでのみ行えます');
    return JSON.stringify(await this.exports.export(ctx.viewer.schoolId, args.externalRef, requestIdOf(ctx)), null, 2);
  }
}
