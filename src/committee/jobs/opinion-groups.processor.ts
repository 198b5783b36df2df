import { Injectable } from '@nestjs/common';
import { WorkerProcessor, type JobProcessor } from '../../common/queue/job-processor.js';
import type { JobPayloads } from '../../common/queue/jobs.js';
import { PerspectiveMapService } from '../perspective-map.service.js';

/** Opinion groups of a large perspective map: recomputed from the current stances, kept with their fingerprint (idempotent). */
@Injectable()
@WorkerProcessor()
export class OpinionGroupsProcessor implements JobProcessor<'committee-opinion-groups'> {
  readonly job = 'committee-opinion-groups' as const;

  constructor(private readonly maps: PerspectiveMapService) {}

  process(p: JobPayloads['committee-opinion-groups']): Promise<string> {
    return this.maps.computeAndCache(p.scopeKey);
  }
}
