import type { INestApplicationContext } from '@nestjs/common';
import { DEMO_SCHOOLS } from '../../src/demo/core/index.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type TestApp } from './app.js';
import { createCoordinator, type TestUser } from './factories.js';

/** What the demo-seed*.spec.ts files share: the demo seeded once per file into its own database, as `npm start` does. */
export const PASSWORD = 'kurume-demo-2026';
export const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
export const LOGIN = `mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token user { roles } } }`;
export const DEMO_NOW = new Date('2026-05-20T23:30:00Z'); // 08:30 on 21 May in Japan

// the plan of the future-conference demo data, written down here so that a change to it is a visible decision
export const PLANNED = { students: 30, offers: 8, open: 7, draft: 1, matchable: 26, withoutConsent: 3, withoutThemes: 1 };
export const stageOf = (school: string) => DEMO_SCHOOLS.find((s) => s.key === school)!.stage;

export interface SeededDemo {
  t: TestApp;
  worker: INestApplicationContext;
  /** made before the seed, like the bootstrap coordinator of `npm start`: the demo needs are registered by them */
  coordinator: TestUser;
  /** what the first seed returned */
  first: Awaited<ReturnType<typeof seedDemoData>>;
}

export async function startSeededDemo(): Promise<SeededDemo> {
  const t = await startTestApp();
  const worker = await startWorker({ ...t.config, runMigrations: false });
  const coordinator = await createCoordinator(t);
  const first = await seedDemoData(t.app, { memberPassword: PASSWORD, now: DEMO_NOW });
  return { t, worker, coordinator, first };
}

export async function stopSeededDemo(demo: Partial<SeededDemo>): Promise<void> {
  await demo.worker?.close();
  await demo.t?.close();
}
