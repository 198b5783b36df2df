import { ArgsType, Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { PageArgs, PageInfo } from '../common/graphql/pagination.js';
import { School, User } from '../identity/identity.models.js';
import { ProposalStatus } from '../matching/matching.enums.js';
import { AuditKind } from '../common/audit/audit.enums.js';

/**
 * One entry of the audit log: who did what, when, to which student, within which request. Ids
 * and field names only: an entry never repeats the data that was read.
 */
@ObjectType()
export class AuditEntry {
  @Field(() => ID) id: string;
  @Field(() => AuditKind) kind: AuditKind;
  @Field(() => GraphQLISODateTime) at: Date;
  @Field(() => User, { nullable: true, description: 'the signed-in user who acted (a coordinator); null when a school portal acted' })
  actor: User | null;
  @Field(() => School, { nullable: true, description: 'the school portal that acted (its key)' })
  actorSchool: School | null;
  @Field(() => [ID], { description: "the students concerned: the one read or exported; a decision's participants" })
  studentIds: string[];
  @Field(() => ID, { nullable: true, description: 'SCHOOL_KEY_ROTATED: the school whose key was replaced' })
  schoolId: string | null;
  @Field(() => [String], { description: 'STUDENT_READ: the Student fields read (school, guardianConsent, matchable, profile)' })
  fields: string[];
  @Field(() => String, { nullable: true, description: "the request's id, as in the x-request-id header and the logs" })
  requestId: string | null;
  @Field(() => ID, { nullable: true, description: 'DECISION: the proposal decided' })
  proposalId: string | null;
  @Field(() => ProposalStatus, { nullable: true, description: 'DECISION: APPROVED or REJECTED' })
  decision: ProposalStatus | null;
  @Field(() => String, {
    nullable: true,
    description:
      'SUPPORT_READ, SUPPORT_CHANGE, CONTACT_OPENED: what was done (NEED_READ, PAIRING_READ, NEED_REGISTERED, NEED_CONSENT_CHANGED, NEEDS_IMPORTED, PAIRING_APPROVED, PAIRING_REJECTED, DRILL_SCHEDULED, DISASTER_DECLARED, DISASTER_ENDED, CONTACT_CARD_SET, CONTACT_OPENED, NEED_REMOVED)',
  })
  supportAction: string | null;
  @Field(() => [ID], { description: 'SUPPORT_*, CONTACT_OPENED: the support needs concerned (pseudonymous; coordinators see them in supportNeeds)' })
  needIds: string[];
  @Field(() => [ID], { description: 'SUPPORT_*: the support pairings concerned' })
  pairingIds: string[];
  @Field(() => ID, { nullable: true, description: 'CONTACT_OPENED: the disaster the card was opened under; DISASTER_*: the disaster declared or ended' })
  disasterId: string | null;
}

@ObjectType()
export class AuditEntryEdge {
  @Field() cursor: string;
  @Field(() => AuditEntry) node: AuditEntry;
}

@ObjectType()
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge]) edges: AuditEntryEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => AuditKind, { nullable: true }) @IsOptional() @IsEnum(AuditKind) kind?: AuditKind;

  @Field(() => ID, { nullable: true, description: 'only the entries about this student' })
  @IsOptional()
  @IsUUID('all', { message: 'studentId が正しくありません' })
  studentId?: string;
}
