import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfo } from '../../common/graphql/pagination.js';
import { PreparednessTopic, SupportKind } from '../preparedness.enums.js';

/**
 * Who reads what (least privilege; test/e2e/disaster-access.spec.ts tries every other role):
 *
 * | field | readers |
 * | --- | --- |
 * | Disaster id, topic, title, areas, status, startedAt, endsAt, endedAt, drill | any signed-in user (`activeDisasters`); `disaster(id)` coordinators |
 * | Disaster.safetyCounts, Disaster.board | coordinators (FORBIDDEN for everyone else) |
 * | HelpAssignment (every field) | the approved helper of that pairing, through `myHelpAssignments` only |
 * | HelpAssignment.contact | that helper, while an active disaster covers the need's area and the person consents; null otherwise; each opening audited |
 * | ContactCard | only through HelpAssignment.contact: not even coordinators read a card back |
 * | SafetyReport status, reportedAt | coordinators (board, `safetyReported`), and the reporter (`reportSafety`'s answer) |
 * | SafetyReport.need | coordinators (FORBIDDEN for the reporting helper: helpers see a need only as a HelpAssignment) |
 * | SafetyReport note, reportedBy | coordinators and the reporter; null for anyone else |
 * | SupportNeed helpersWanted, approvedHelpers, hasContactCard, safety | coordinators (SupportNeed is theirs alone) |
 */

export enum DisasterStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(DisasterStatus, { name: 'DisasterStatus' });

export enum SafetyStatus {
  UNKNOWN = 'UNKNOWN',
  SAFE = 'SAFE',
  NEEDS_HELP = 'NEEDS_HELP',
  EVACUATED = 'EVACUATED',
  UNREACHABLE = 'UNREACHABLE',
}
registerEnumType(SafetyStatus, {
  name: 'SafetyStatus',
  valuesMap: {
    UNKNOWN: { description: 'nobody has reported yet' },
    NEEDS_HELP: { description: 'reached, and still needs help' },
    UNREACHABLE: { description: 'tried, and could not be reached' },
  },
});

/** The board's order, least known first: nobody reported, then tried in vain, then those still in need, then the rest. */
export const SAFETY_RANK: Record<SafetyStatus, number> = { UNKNOWN: 0, UNREACHABLE: 1, NEEDS_HELP: 2, EVACUATED: 3, SAFE: 4 };

@ObjectType({ description: 'A disaster (or a drill) declared by a coordinator over areas, for a limited time.' })
export class Disaster {
  @Field(() => ID) id: string;
  @Field(() => PreparednessTopic) topic: PreparednessTopic;
  @Field() title: string;
  @Field(() => [String]) areas: string[];
  @Field(() => DisasterStatus) status: DisasterStatus;
  @Field(() => GraphQLISODateTime) startedAt: Date;
  @Field(() => GraphQLISODateTime, { description: 'contact cards close by this instant at the latest, even if nobody ends the disaster' })
  endsAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'when it was ended, or endsAt once that has passed' })
  endedAt: Date | null;
  @Field({ description: 'a disaster drill: the same flow; its reports count in its own safetyCounts and board, never in a need’s safety' })
  drill: boolean;
  areaKeys: string[];
}

@ObjectType()
export class SafetyCount {
  @Field(() => SafetyStatus) status: SafetyStatus;
  @Field(() => Int) count: number;
}

@ObjectType()
export class SafetyReport {
  /** null on the board for a need nobody reported on */
  reportId: string | null;
  disasterId: string;
  needId: string;
  @Field(() => SafetyStatus) status: SafetyStatus;
  /** decrypted for this request (coordinators and the reporter read it) */
  noteText: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) reportedAt: Date | null;
  reportedById: string | null;
  reporterName: string | null;
}

@ObjectType()
export class SafetyReportEdge {
  @Field() cursor: string;
  @Field(() => SafetyReport) node: SafetyReport;
}

@ObjectType()
export class SafetyBoardConnection {
  @Field(() => [SafetyReportEdge]) edges: SafetyReportEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ObjectType({ description: 'What a helper needs to reach the person: stored encrypted, never logged, never queued.' })
export class ContactCard {
  @Field() name: string;
  @Field() address: string;
  @Field(() => String, { nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. 車いす、2階の寝室、合鍵は隣の田中さん' }) notes: string | null;
}

@ObjectType({ description: 'One person a helper is paired with (an approved pairing), as the helper sees it.' })
export class HelpAssignment {
  @Field(() => ID) pairingId: string;
  @Field({ description: 'the pseudonym, never the name' }) needLabel: string;
  @Field(() => [SupportKind]) kinds: SupportKind[];
  @Field() area: string;
  needId: string;
  helperId: string;
}
