import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EnvDto } from './env.dto.js';

/** The typed configuration every module reads; built once from the environment at start-up. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  databaseUrl: string;
  /** undefined: BullMQ runs on its PostgreSQL backend in the same database */
  redisUrl?: string;
  /** Redis key prefix of the queues (lets several deployments or test runs share one Redis) */
  queuePrefix: string;
  port: number;
  jwtSecret: string;
  /** true when no JWT_SECRET was given and a random one was made for this process */
  jwtSecretIsEphemeral: boolean;
  jwtExpiresIn: string;
  bootstrapCoordinator?: { email: string; password: string };
  logLevel: string;
  graphqlIde: boolean;
  runMigrations: boolean;
  /** delay of an automatic matching run after offers are published or profiles change; undefined: no automatic runs */
  matchingDebounceMs?: number;
  /** how long a worker's hold on a job lasts without renewal: a crashed worker's jobs are retaken after about this */
  jobLockMs: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).slice(0, 1).map((m) => (m.includes(e.property) ? m : `${e.property}: ${m}`)));
}

/** Validates the whole environment and reports every bad variable at once. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.keys(new EnvDtoKeys()).map((k) => [k, source[k]]));
  const env = plainToInstance(EnvDto, raw);
  const problems = flatten(validateSync(env, { whitelist: true }));
  if (!env.DATABASE_URL) problems.unshift('DATABASE_URL is required (npm start provides an embedded PostgreSQL when it is unset)');
  if (problems.length) throw new ConfigError(problems);
  const nodeEnv = env.NODE_ENV ?? 'development';
  return {
    env: nodeEnv,
    databaseUrl: env.DATABASE_URL!,
    redisUrl: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX ?? 'chifuku',
    port: env.PORT ?? 3000,
    jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
    jwtSecretIsEphemeral: env.JWT_SECRET === undefined,
    jwtExpiresIn: env.JWT_EXPIRES_IN ?? '12h',
    bootstrapCoordinator:
      env.BOOTSTRAP_COORDINATOR_EMAIL && env.BOOTSTRAP_COORDINATOR_PASSWORD
        ? { email: env.BOOTSTRAP_COORDINATOR_EMAIL.toLowerCase(), password: env.BOOTSTRAP_COORDINATOR_PASSWORD }
        : undefined,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    graphqlIde: env.GRAPHQL_IDE ?? nodeEnv !== 'production',
    runMigrations: env.RUN_MIGRATIONS ?? true,
    jobLockMs: env.JOB_LOCK_MS ?? 30_000,
    matchingDebounceMs: env.MATCHING_DEBOUNCE_MS === -1 ? undefined : (env.MATCHING_DEBOUNCE_MS ?? 60_000),
  };
}

/** The variable names, read off the DTO so that the list lives in one place. */
class EnvDtoKeys {
  NODE_ENV = 0; DATABASE_URL = 0; REDIS_URL = 0; QUEUE_PREFIX = 0; PORT = 0; JWT_SECRET = 0; JWT_EXPIRES_IN = 0;
  BOOTSTRAP_COORDINATOR_EMAIL = 0; BOOTSTRAP_COORDINATOR_PASSWORD = 0; LOG_LEVEL = 0; GRAPHQL_IDE = 0; RUN_MIGRATIONS = 0; MATCHING_DEBOUNCE_MS = 0; JOB_LOCK_MS = 0;
}
