import { Module } from '@nestjs/common';
import { ThemeService } from '../graph/theme.service.js';
import { MatchingRunProcessor } from './run/matching-run.processor.js';

/** The worker side of matching: the run processor. */
@Module({ providers: [ThemeService, MatchingRunProcessor], exports: [MatchingRunProcessor] })
export class MatchingJobsModule {}
