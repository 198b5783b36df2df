import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EnvDto } from './env.dto.js';
import { parseTrustedProxies } from '../security/client-ip.js';

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
  /** a query document runs compiled (graphql-jit) from its n-th execution on; 0: always graphql-js */
  graphqlCompileAfter: number;
  runMigrations: boolean;
  /** delay of an automatic matching run after offers are published or profiles change; undefined: no automatic runs */
  matchingDebounceMs?: number;
  /** how long a worker's hold on a job lasts without renewal: a crashed worker's jobs are retaken after about this */
  jobLockMs: number;
  /**
   * the outbox relay's patience: a job handed to the queue and not acknowledged after this long
   * (counted from when it may run) is looked up in the queue and added again if the queue lost it
   */
  outboxAckTimeoutMs: number;
  limits: SecurityLimits;
  contactCards: ContactCardKeys;
}

/** The keys of contact cards at rest (AES-256-GCM, src/preparedness/disaster/contact-cipher.ts). */
export interface ContactCardKeys {
  /** seals every new card and note; reads what it sealed */
  key: Buffer;
  /** CONTACT_CARD_PREVIOUS_KEY during a rotation: only reads (README "Operating": key rotation) */
  previousKey?: Buffer;
  /** true when no CONTACT_CARD_KEY was given and a random one was made for this process */
  ephemeral: boolean;
}

/**
 * The limits that keep hostile or runaway clients from hurting everyone else (src/common/security;
 * README "Configuration"). Every one has an environment override; 0 turns a limit off.
 */
export interface SecurityLimits {
  /** JSON request bodies above this are refused with 413 before parsing (a 1000-student roster is about 12 MB) */
  bodyLimitMb: number;
  /** nesting of fields in one operation (the coordinators' proposals query needs 7) */
  maxDepth: number;
  /** aliased fields in one operation (`__typename` aliases are free) */
  maxAliases: number;
  /** directives in one operation */
  maxDirectives: number;
  /** lexical tokens in one document (variables do not count: rosters travel as variables) */
  maxTokens: number;
  /** bytes of one document's text (not its variables), refused with 413 before it is parsed */
  maxQueryBytes: number;
  /** the cost of one operation (query-cost.ts: about the objects it loads): two nested pages of 100 (10,201) pass, three never; the coordinators' proposals query costs about 4,500 */
  maxCost: number;
  /** points per minute for each signed-in user or school key (a request costs 1 + cost / 100) */
  userPointsPerMinute: number;
  /** points per minute for each anonymous client address (IPv6: per /64) */
  ipPointsPerMinute: number;
  /** login attempts per account within the window; past them the account answers TOO_MANY_REQUESTS until the window ends */
  loginMaxFailures: number;
  loginWindowSeconds: number;
  /** reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); empty: the socket's address is the client */
  trustedProxies: string[];
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
  if (env.CONTACT_CARD_KEY && env.CONTACT_CARD_PREVIOUS_KEY && keyBytes(env.CONTACT_CARD_KEY).equals(keyBytes(env.CONTACT_CARD_PREVIOUS_KEY))) problems.push('CONTACT_CARD_PREVIOUS_KEY must differ from CONTACT_CARD_KEY (it is the key being replaced)');
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
    graphqlCompileAfter: env.GRAPHQL_COMPILE_AFTER ?? 2,
    runMigrations: env.RUN_MIGRATIONS ?? true,
    jobLockMs: env.JOB_LOCK_MS ?? 30_000,
    outboxAckTimeoutMs: env.OUTBOX_ACK_TIMEOUT_MS ?? 60_000,
    matchingDebounceMs: env.MATCHING_DEBOUNCE_MS === -1 ? undefined : (env.MATCHING_DEBOUNCE_MS ?? 60_000),
    limits: {
      bodyLimitMb: env.BODY_LIMIT_MB ?? 16,
      maxDepth: env.QUERY_MAX_DEPTH ?? 10,
      maxAliases: env.QUERY_MAX_ALIASES ?? 20,
      maxDirectives: env.QUERY_MAX_DIRECTIVES ?? 50,
      maxTokens: env.QUERY_MAX_TOKENS ?? 2000,
      maxQueryBytes: env.QUERY_MAX_BYTES ?? 65_536,
      maxCost: env.QUERY_MAX_COST ?? 25_000,
      userPointsPerMinute: env.RATE_LIMIT_USER_PER_MINUTE ?? 600,
      ipPointsPerMinute: env.RATE_LIMIT_IP_PER_MINUTE ?? 300,
      loginMaxFailures: env.LOGIN_MAX_FAILURES ?? 10,
      loginWindowSeconds: env.LOGIN_WINDOW_SECONDS ?? 900,
      trustedProxies: parseTrustedProxies(env.TRUSTED_PROXIES),
    },
    contactCards: {
      key: env.CONTACT_CARD_KEY ? keyBytes(env.CONTACT_CARD_KEY) : randomBytes(32),
      previousKey: env.CONTACT_CARD_PREVIOUS_KEY ? keyBytes(env.CONTACT_CARD_PREVIOUS_KEY) : undefined,
      ephemeral: env.CONTACT_CARD_KEY === undefined,
    },
  };
}

const keyBytes = (base64: string): Buffer => Buffer.from(base64.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

/** The variable names, read off the DTO so that the list lives in one place. */
class EnvDtoKeys {
  BODY_LIMIT_MB = 0; QUERY_MAX_DEPTH = 0; QUERY_MAX_ALIASES = 0; QUERY_MAX_DIRECTIVES = 0; QUERY_MAX_TOKENS = 0; QUERY_MAX_BYTES = 0; QUERY_MAX_COST = 0;
  RATE_LIMIT_USER_PER_MINUTE = 0; RATE_LIMIT_IP_PER_MINUTE = 0; LOGIN_MAX_FAILURES = 0; LOGIN_WINDOW_SECONDS = 0; TRUSTED_PROXIES = 0;
  NODE_ENV = 0; DATABASE_URL = 0; REDIS_URL = 0; QUEUE_PREFIX = 0; PORT = 0; JWT_SECRET = 0; JWT_EXPIRES_IN = 0;
  BOOTSTRAP_COORDINATOR_EMAIL = 0; BOOTSTRAP_COORDINATOR_PASSWORD = 0; LOG_LEVEL = 0; GRAPHQL_IDE = 0; GRAPHQL_COMPILE_AFTER = 0; RUN_MIGRATIONS = 0; MATCHING_DEBOUNCE_MS = 0; JOB_LOCK_MS = 0; OUTBOX_ACK_TIMEOUT_MS = 0;
  CONTACT_CARD_KEY = 0; CONTACT_CARD_PREVIOUS_KEY = 0;
}
