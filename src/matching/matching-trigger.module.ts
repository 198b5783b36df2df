import { Module } from '@nestjs/common';
import { MatchingTrigger } from './matching-trigger.service.js';

/** Kept apart from the matching module so that students and offers can trigger runs without a cycle. */
@Module({ providers: [MatchingTrigger], exports: [MatchingTrigger] })
export class MatchingTriggerModule {}
