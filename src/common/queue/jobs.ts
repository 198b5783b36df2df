/**
 * Every queue and job of the service, with its payload. Payloads carry ids only: never a name,
 * a text or anything personal (they sit in Redis or in the queue tables, outside our privacy rules).
 */
export const QUEUES = {
  /** notifications and other small follow-ups of user actions */
  notifications: 'notifications',
  /** matching runs: long, CPU-bound, one at a time per worker */
  matching: 'matching',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  /** someone left a full event and the first person waiting moved in: tell them */
  'waitlist-promoted': { eventId: string; userId: string; promotedAt: string };
  /** a matching run recorded in matching_run: score, assign, write its proposals */
  'matching-run': { runId: string };
  /** a large perspective map's stances changed: compute its opinion groups (scope: event.<id> or range.<ms>.<ms>) */
  'committee-opinion-groups': { scopeKey: string; fingerprint: string };
  /** a support matching run (matching_run kind SUPPORT): pair helpers' pledges with needs */
  'support-matching-run': { runId: string };
  /** a disaster (or drill) was declared: notify the helpers of its areas */
  'disaster-declared': { disasterId: string };
  /** a joint action's invitations went out (an approval, or a refill of it): tell the invited and the organisation */
  'joint-action-invited': { jointActionId: string; proposalId: string };
  /** a joint action's deadline (respondBy, in ms) has come: expire what is pending and settle it */
  'joint-action-expiry': { jointActionId: string; respondBy: number };
}
export type JobName = keyof JobPayloads;

/** Which queue carries each job. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  'waitlist-promoted': QUEUES.notifications,
  'matching-run': QUEUES.matching,
  'committee-opinion-groups': QUEUES.matching,
  'support-matching-run': QUEUES.matching,
  'disaster-declared': QUEUES.notifications,
  'joint-action-invited': QUEUES.notifications,
  'joint-action-expiry': QUEUES.notifications,
};

/**
 * Deterministic job ids: the same cause always gives the same id, so a job queued twice
 * (a retried request, a relay after a crash) runs once. BullMQ ids may not contain ':'.
 */
export const JOB_ID: { [N in JobName]: (p: JobPayloads[N]) => string } = {
  'waitlist-promoted': (p) => `waitlist-promoted.${p.eventId}.${p.userId}.${Date.parse(p.promotedAt)}`,
  'matching-run': (p) => `matching-run.${p.runId}`,
  'committee-opinion-groups': (p) => `committee-opinion-groups.${p.scopeKey}.${p.fingerprint}`,
  'support-matching-run': (p) => `support-matching-run.${p.runId}`,
  'disaster-declared': (p) => `disaster-declared.${p.disasterId}`,
  'joint-action-invited': (p) => `joint-action-invited.${p.jointActionId}.${p.proposalId}`,
  'joint-action-expiry': (p) => `joint-action-expiry.${p.jointActionId}.${p.respondBy}`,
};
