import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { APP_CONFIG } from '../../src/common/config/config.js';
import { WorkerProcessor, type JobProcessor } from '../../src/common/queue/job-processor.js';
import { JOB_QUEUE, type JobName } from '../../src/common/queue/jobs.js';
import { WorkerHost } from '../../src/worker/worker-host.service.js';

/**
 * The worker finds its processors by their @WorkerProcessor() mark, in whichever module provides
 * them: nothing lists them by hand. Here without a database or a queue: only the host's module-init
 * hook runs (its BullMQ workers start at application bootstrap, which these tests never reach).
 */
const JOBS = Object.keys(JOB_QUEUE) as JobName[];

/** One marked processor class per job name, as each module's jobs module would provide it. */
function processorFor(job: JobName) {
  @Injectable()
  @WorkerProcessor()
  class Fake implements JobProcessor {
    readonly job = job;
    async process(): Promise<string> {
      return `did ${job}`;
    }
  }
  Object.defineProperty(Fake, 'name', { value: `Fake_${job}` });
  return Fake;
}

async function hostWith(providers: ReturnType<typeof processorFor>[], unmarked: unknown[] = []) {
  // two modules, as the worker's graph, matching, committee and preparedness jobs modules are
  @Module({ providers: providers.slice(0, 2) })
  class FirstJobsModule {}
  @Module({ providers: [...providers.slice(2), ...(unmarked as never[])] })
  class SecondJobsModule {}
  const ref = await Test.createTestingModule({
    imports: [DiscoveryModule, FirstJobsModule, SecondJobsModule],
    providers: [WorkerHost, { provide: APP_CONFIG, useValue: {} }, { provide: getDataSourceToken(), useValue: {} }],
  }).compile();
  // the hook alone: init() would also bootstrap the application, which starts BullMQ workers
  ref.get(WorkerHost).onModuleInit();
  return ref;
}

it('finds every marked processor of the modules, by job', async () => {
  const ref = await hostWith(JOBS.map(processorFor));
  const byJob = (ref.get(WorkerHost) as unknown as { byJob: Map<JobName, JobProcessor> }).byJob;
  expect([...byJob.keys()].sort()).toEqual([...JOBS].sort());
  for (const job of JOBS) expect(await byJob.get(job)!.process(undefined as never, undefined as never)).toBe(`did ${job}`);
  await ref.close();
});

it('refuses to start when a job has no processor, naming it', async () => {
  const [left, ...rest] = JOBS;
  await expect(hostWith(rest.map(processorFor))).rejects.toThrow(`no processor for jobs: ${left}`);
});

it('ignores a provider with a job but without the mark', async () => {
  const [left, ...rest] = JOBS;
  @Injectable()
  class Unmarked implements JobProcessor {
    readonly job = left;
    async process(): Promise<void> {}
  }
  await expect(hostWith(rest.map(processorFor), [Unmarked])).rejects.toThrow(`no processor for jobs: ${left}`);
});

it('refuses two processors of one job', async () => {
  await expect(hostWith([...JOBS.map(processorFor), processorFor(JOBS[0])])).rejects.toThrow(`two processors for job ${JOBS[0]}`);
});
