import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module.js';
import { ActivityService } from './activity.service.js';
import { CommentEvents } from './comment-events.js';
import { CommentRateLimit } from './comment-rate-limit.js';
import { CommentService } from './comment.service.js';
import { FeedsController } from './feeds.controller.js';
import { FeedsService } from './feeds.service.js';
import { TvPersonalData } from './tv-personal-data.js';
import { TvService } from './tv.service.js';
import { ActivityResolver, CommentResolver, ProgramResolver, TvEventResolver } from './tv.resolver.js';

/** つたえる・地福TV: programmes, episodes, comments, the cross-platform feed, the calendar and RSS feeds. */
@Module({
  imports: [GraphModule],
  controllers: [FeedsController],
  providers: [TvService, CommentService, CommentEvents, CommentRateLimit, ActivityService, FeedsService, ProgramResolver, TvEventResolver, CommentResolver, ActivityResolver, TvPersonalData],
  exports: [ActivityService],
})
export class TvModule {}
