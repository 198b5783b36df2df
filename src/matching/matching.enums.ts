import { registerEnumType } from '@nestjs/graphql';

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

export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  EXPIRED = 'EXPIRED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(InvitationStatus, {
  name: 'InvitationStatus',
  valuesMap: {
    EXPIRED: { description: 'no reply by respondBy' },
    WITHDRAWN: { description: 'the student withdrew consent or left the programme' },
  },
});

export enum JointActionStatus {
  AWAITING_REPLIES = 'AWAITING_REPLIES',
  CONFIRMED = 'CONFIRMED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(JointActionStatus, {
  name: 'JointActionStatus',
  valuesMap: {
    AWAITING_REPLIES: { description: 'invitations out, not yet confirmed' },
    CONFIRMED: { description: 'the organisation accepted and at least minParticipants students accepted' },
    CANCELLED: { description: 'the organisation declined, or too few students accepted by the deadline' },
  },
});

export enum OfferInterest {
  INTERESTED = 'INTERESTED',
  NOT_INTERESTED = 'NOT_INTERESTED',
}
registerEnumType(OfferInterest, {
  name: 'OfferInterest',
  valuesMap: {
    INTERESTED: { description: 'the student would like this offer: the engine prefers it' },
    NOT_INTERESTED: { description: 'never propose this offer to the student' },
  },
});

export enum UnplacedReason {
  NO_COMPATIBLE_OFFER = 'NO_COMPATIBLE_OFFER',
  NO_SHARED_INTEREST = 'NO_SHARED_INTEREST',
  OUTSCORED = 'OUTSCORED',
  DECLINED_ALL = 'DECLINED_ALL',
  BELOW_MINIMUM = 'BELOW_MINIMUM',
}
/** The reasons in Japanese, as a coordinator would tell the student (UnplacedStudent.reasonText). */
export const UNPLACED_REASON_TEXT: Record<UnplacedReason, string> = {
  [UnplacedReason.NO_COMPATIBLE_OFFER]: '学年・時間帯・参加方法の合う募集が今回はありませんでした',
  [UnplacedReason.NO_SHARED_INTEREST]: '参加できる募集はありましたが、関心やテーマの重なる募集がありませんでした',
  [UnplacedReason.OUTSCORED]: '合う募集はありましたが、より合う生徒で定員が埋まりました',
  [UnplacedReason.DECLINED_ALL]: '合う募集はどれも、本人が辞退したか「関心なし」にしていました',
  [UnplacedReason.BELOW_MINIMUM]: '合う募集が最少人数に届かず、今回は成立しませんでした',
};
registerEnumType(UnplacedReason, {
  name: 'UnplacedReason',
  valuesMap: {
    NO_COMPATIBLE_OFFER: { description: 'no eligible offer is compatible (stage, slots, mode)' },
    NO_SHARED_INTEREST: { description: 'compatible offers exist but share no theme or meaning with the student' },
    OUTSCORED: { description: 'compatible, fitting offers were filled by students who fit them better' },
    DECLINED_ALL: { description: 'the student declined every offer that fits, or marked them NOT_INTERESTED' },
    BELOW_MINIMUM: { description: 'the only offers that fit could not gather their minParticipants' },
  },
});
