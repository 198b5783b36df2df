import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { JobsService } from '../common/queue/jobs.service.js';
import { NoRateLimit } from '../common/security/http-rate-limit.guard.js';
import { QUEUES } from '../common/queue/jobs.js';

/**
 * GET /health: 200 when PostgreSQL and the queue backend answer, 503 otherwise; checked afresh each
 * time. Outside the rate budgets: probes of load balancers and orchestrators come often from one
 * address, and a refused probe would take a healthy instance out.
 */
@NoRateLimit()
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
