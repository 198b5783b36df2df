/**
 * The shapes of the demo data (pure types; every platform's demo file may import them,
 * they import nothing). Relations use string keys, not ids.
 */

export type DemoPlatform = 'COMMITTEE' | 'FUTURE_CONFERENCE' | 'PREPAREDNESS' | 'TV';
export type DemoMode = 'ONSITE' | 'ONLINE' | 'HYBRID';
export type DemoOrganizationKind = 'COMPANY' | 'NPO' | 'COMMUNITY_GROUP' | 'PUBLIC_FACILITY' | 'OTHER';

export interface DemoSchool {
  /** key used by students */
  key: string;
  name: string;
  /** the stage of every student the school enrols */
  stage: DemoSchoolStage;
}

export interface DemoAccount {
  /** key used by participations */
  key: string;
  displayName: string;
  /** lower-case, under example.jp */
  email: string;
  area: string;
}

export interface DemoOrganization {
  key: string;
  name: string;
  kind: DemoOrganizationKind;
  area: string;
  description: string;
  verified: boolean;
  /** the organisation's one member account (ORGANIZATION_MEMBER, the shared demo password) */
  member: DemoAccount;
}

export interface DemoResident extends DemoAccount {
  /** who they are, for people reading the data (not stored) */
  profile: string;
}

export interface DemoEvent {
  key: string;
  platform: DemoPlatform;
  title: string;
  description: string;
  /** days after today (Asia/Tokyo); negative for past events */
  dayOffset: number;
  /** 'HH:MM', Japan time */
  startJst: string;
  durationMinutes: number;
  mode: DemoMode;
  location: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  /** key into DEMO_ORGANIZATIONS; its member is recorded as the creator */
  host: string | null;
}

export interface DemoParticipation {
  event: string;
  /**
   * account keys (organisation members or residents) in the order they signed up:
   * while the event has room they join, after that they wait (a full event gets a waiting list).
   */
  people: string[];
}

export type DemoThemeKey =
  | 'disaster'
  | 'infection'
  | 'elderly'
  | 'childcare'
  | 'disability'
  | 'multicultural'
  | 'environment'
  | 'community'
  | 'food'
  | 'health'
  | 'education'
  | 'culture'
  | 'sports'
  | 'media'
  | 'welfare'
  | 'work';
export type DemoSchoolStage = 'ELEMENTARY' | 'JUNIOR_HIGH' | 'HIGH_SCHOOL' | 'UNIVERSITY';
export type DemoTimeSlot = 'WEEKDAY_DAYTIME' | 'WEEKDAY_AFTER_SCHOOL' | 'WEEKDAY_EVENING' | 'WEEKEND_MORNING' | 'WEEKEND_AFTERNOON' | 'WEEKEND_EVENING';

export interface DemoOffer {
  key: string;
  /** key into DEMO_ORGANIZATIONS: the organisation making the offer; its member is recorded as the creator */
  organization: string;
  title: string;
  description: string;
  themes: DemoThemeKey[];
  /** students taken */
  capacity: number;
  stages: DemoSchoolStage[];
  area: string;
  mode: DemoMode;
  /** empty: any time suits */
  slots: DemoTimeSlot[];
  /** OPEN offers are published when created; a DRAFT is not visible to matching */
  status: 'OPEN' | 'DRAFT';
  /** created (and, when OPEN, published) this many days before now */
  daysAgo: number;
}

export interface DemoStudent {
  /** the school portal's identifier, unique per school */
  externalRef: string;
  /** key into DEMO_SCHOOLS; the school decides the stage */
  school: string;
  displayName: string;
  /** false for every university student: they decide for themselves and need none */
  guardianConsent: boolean;
  themes: DemoThemeKey[];
  /** 悩み・問題意識 */
  concerns: string;
  /** やってみたいこと・得意なこと */
  interests: string;
  area: string;
  slots: DemoTimeSlot[];
  modes: DemoMode[];
}
