import { registerEnumType } from '@nestjs/graphql';

export enum Platform {
  COMMITTEE = 'COMMITTEE',
  FUTURE_CONFERENCE = 'FUTURE_CONFERENCE',
  PREPAREDNESS = 'PREPAREDNESS',
  TV = 'TV',
}
registerEnumType(Platform, {
  name: 'Platform',
  description: 'The four platforms of the programme; every event belongs to one.',
  valuesMap: {
    COMMITTEE: { description: 'つどう: 新地福委員会, the planning committee' },
    FUTURE_CONFERENCE: { description: 'はぐくむ: プラットフォーム未来会議, youth and organisations' },
    PREPAREDNESS: { description: 'そなえる: みんなのもしも, disaster and infection preparedness' },
    TV: { description: 'つたえる: 地福TV, online broadcast and exchange' },
  },
});

export enum ParticipationMode {
  ONSITE = 'ONSITE',
  ONLINE = 'ONLINE',
  HYBRID = 'HYBRID',
}
registerEnumType(ParticipationMode, { name: 'ParticipationMode' });

export enum OrganizationKind {
  COMPANY = 'COMPANY',
  NPO = 'NPO',
  COMMUNITY_GROUP = 'COMMUNITY_GROUP',
  PUBLIC_FACILITY = 'PUBLIC_FACILITY',
  OTHER = 'OTHER',
}
registerEnumType(OrganizationKind, { name: 'OrganizationKind' });

export enum ParticipantStatus {
  JOINED = 'JOINED',
  WAITLISTED = 'WAITLISTED',
}
registerEnumType(ParticipantStatus, {
  name: 'ParticipantStatus',
  description: "A person's place in an event: joined, or on the waiting list of a full event",
});
