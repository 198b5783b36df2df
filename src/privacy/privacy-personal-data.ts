import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalData, type PersonalDataStep } from '../personal-data/personal-data.js';
import { AuditLogService } from './audit-log.service.js';

/**
 * The audit entries about the student (coordinators' reads, decisions, exports): exported, and
 * kept on erasure, since they hold ids and field names only and are the city's record of who
 * looked at a minor's data (an erased student's entries point at an anonymous row).
 */
@Injectable()
@PersonalData()
export class PrivacyPersonalData implements PersonalDataStep {
  readonly covers: string[] = [];

  constructor(private readonly auditLog: AuditLogService) {}

  async export(tx: EntityManager, studentId: string): Promise<Record<string, unknown>> {
    const audit = await this.auditLog.aboutStudent(tx, studentId);
    return {
      auditLog: audit.map(({ id, kind, at, actor, actorSchool, fields, requestId, proposalId, decision }) => ({
        id,
        kind,
        at,
        actor: actor ? { id: actor.id, displayName: actor.displayName } : null,
        actorSchool,
        fields,
        requestId,
        proposalId,
        decision,
      })),
    };
  }

  async erase(): Promise<void> {
    // kept: see above
  }
}
