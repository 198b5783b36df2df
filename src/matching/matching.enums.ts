import { registerEnumType } from '@nestjs/graphql';

export enum StudentStage {
  ELEMENTARY = 'ELEMENTARY',
  JUNIOR_HIGH = 'JUNIOR_HIGH',
  HIGH_SCHOOL = 'HIGH_SCHOOL',
  UNIVERSITY = 'UNIVERSITY',
}
registerEnumType(StudentStage, { name: 'StudentStage' });

export enum TimeSlot {
  WEEKDAY_DAYTIME = 'WEEKDAY_DAYTIME',
  WEEKDAY_AFTER_SCHOOL = 'WEEKDAY_AFTER_SCHOOL',
  WEEKDAY_EVENING = 'WEEKDAY_EVENING',
  WEEKEND_MORNING = 'WEEKEND_MORNING',
  WEEKEND_AFTERNOON = 'WEEKEND_AFTERNOON',
  WEEKEND_EVENING = 'WEEKEND_EVENING',
}
registerEnumType(TimeSlot, { name: 'TimeSlot' });

export enum OfferStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(OfferStatus, { name: 'OfferStatus' });

export enum MatchingRunStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}
registerEnumType(MatchingRunStatus, { name: 'MatchingRunStatus' });

export enum ProposalStatus {
  PROPOSED = 'PROPOSED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  SUPERSEDED = 'SUPERSEDED',
}
registerEnumType(ProposalStatus, { name: 'ProposalStatus' });
