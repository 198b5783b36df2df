import { Module } from '@nestjs/common';
import { MatchingTrigger } from './matching-trigger.service.js';
import { StudentRelease } from './student-release.service.js';

/**
 * Kept apart from the matching module so that students and offers can trigger runs, and release a
 * student from the matching graph, without a cycle.
 */
@Module({ providers: [MatchingTrigger, StudentRelease], exports: [MatchingTrigger, StudentRelease] })
export class MatchingTriggerModule {}
