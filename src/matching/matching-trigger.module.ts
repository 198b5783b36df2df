import { Global, Module } from '@nestjs/common';
import { OFFER_MATCHING, type OfferMatching } from '../organizations/offer-matching.events.js';
import { STUDENT_MATCHING, type StudentMatching } from '../students/student-matching.events.js';
import { MatchingTrigger } from './matching-trigger.service.js';
import { StudentRelease } from './student-release.service.js';

/**
 * Runs asked for, and students released from the matching graph. Global, and imported by the
 * matching modules of both composition roots (the API's MatchingModule, the worker's
 * MatchingJobsModule): students and organisations inject the ports they declare
 * (STUDENT_MATCHING, OFFER_MATCHING) without importing matching, which sits above them.
 */
@Global()
@Module({
  providers: [
    MatchingTrigger,
    StudentRelease,
    {
      provide: STUDENT_MATCHING,
      inject: [StudentRelease, MatchingTrigger],
      useFactory: (release: StudentRelease, trigger: MatchingTrigger): StudentMatching => ({
        release: (tx, studentIds) => release.release(tx, studentIds),
        profileChanged: () => trigger.changed('PROFILE_CHANGED'),
      }),
    },
    {
      provide: OFFER_MATCHING,
      inject: [MatchingTrigger],
      useFactory: (trigger: MatchingTrigger): OfferMatching => ({ offerPublished: () => trigger.changed('OFFER_PUBLISHED') }),
    },
  ],
  exports: [MatchingTrigger, StudentRelease, STUDENT_MATCHING, OFFER_MATCHING],
})
export class MatchingTriggerModule {}
