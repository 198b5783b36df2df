import { registerEnumType } from '@nestjs/graphql';

/** What an audit entry records. */
export enum AuditKind {
  /** a coordinator's query resolved a minor's school, consent, matchability or profile */
  STUDENT_READ = 'STUDENT_READ',
  /** a coordinator approved or rejected a proposal (decision_audit) */
  DECISION = 'DECISION',
  /** a school portal exported everything held on one of its students (exportStudentData) */
  DATA_EXPORT = 'DATA_EXPORT',
  /** a school's API key was replaced (rotateSchoolKey) */
  SCHOOL_KEY_ROTATED = 'SCHOOL_KEY_ROTATED',
  /** a coordinator read the support needs or pairings of みんなのもしも (support_audit: NEED_READ, PAIRING_READ) */
  SUPPORT_READ = 'SUPPORT_READ',
  /** a coordinator registered, imported or changed needs, decided pairings or scheduled a drill (the rest of support_audit) */
  SUPPORT_CHANGE = 'SUPPORT_CHANGE',
  /** a helper opened a contact card during a disaster (break-glass; support_audit CONTACT_OPENED) */
  CONTACT_OPENED = 'CONTACT_OPENED',
}
registerEnumType(AuditKind, {
  name: 'AuditKind',
  description: 'what an audit entry records',
  valuesMap: {
    STUDENT_READ: { description: "a coordinator's query read a minor's school, guardianConsent, matchable or profile" },
    DECISION: { description: 'a coordinator approved or rejected a proposal' },
    DATA_EXPORT: { description: 'a school portal exported a student’s data (exportStudentData)' },
    SCHOOL_KEY_ROTATED: { description: "a school's API key was replaced (rotateSchoolKey)" },
    SUPPORT_READ: { description: 'a coordinator read support needs or pairings (supportNeeds, supportPairings); supportAction says which' },
    SUPPORT_CHANGE: {
      description: 'a coordinator registered, imported, changed or removed support needs or their contact cards, decided a pairing, scheduled a drill, declared or ended a disaster; supportAction says which',
    },
    CONTACT_OPENED: { description: "a helper opened a person's contact card during a disaster (break-glass): needIds, pairingIds, disasterId" },
  },
});

/** The kinds kept in privacy_audit (DECISION lives in decision_audit, SUPPORT_* in support_audit). */
export type PrivacyAuditKind = AuditKind.STUDENT_READ | AuditKind.DATA_EXPORT | AuditKind.SCHOOL_KEY_ROTATED;
