import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { JobsService } from '../common/queue/jobs.service.js';
import { QUEUES } from '../common/queue/jobs.js';

/** GET /health: 200 when PostgreSQL and the queue backend answer, 503 otherwise; checked afresh each time. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly jobs: JobsService,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('database').withTimeout(1500),
      () =>
        this.indicators
          .check('queue')
          .attempt(async () => {
            await this.jobs.queue(QUEUES.notifications).getJobCounts('waiting');
            return { backend: this.jobs.backend };
          })
          .withTimeout(1500),
    ]);
  }
}
