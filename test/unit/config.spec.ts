import { ConfigError, loadConfig } from '../../src/common/config/config.js';

const DB = 'postgres://chifuku@127.0.0.1:5432/chifuku';
const SECRET = 'k'.repeat(32);
/** a contact card key: 32 bytes in base64 */
const CARD_KEY = Buffer.alloc(32, 7).toString('base64');

/** The ConfigError loadConfig throws for this environment (fails the test when it does not throw one). */
function problemsOf(env: NodeJS.ProcessEnv): { error: ConfigError; problems: string[] } {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return { error: err as ConfigError, problems: (err as ConfigError).problems };
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('reports every bad variable at once, in one message', () => {
    const { error, problems } = problemsOf({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@y/z', PORT: 'abc', REDIS_URL: 'http://nope' });
    expect(problems).toHaveLength(4);
    for (const name of ['JWT_SECRET', 'PORT', 'REDIS_URL', 'CONTACT_CARD_KEY']) {
      expect(problems.filter((p) => p.includes(name))).toHaveLength(1);
      expect(error.message).toContain(name);
    }
    expect(error.name).toBe('ConfigError');
    expect(error.message).toMatch(/^Invalid configuration:/);
    // good variables are not blamed
    expect(error.message).not.toContain('DATABASE_URL');
  });

  it('requires DATABASE_URL, and a postgres:// one', () => {
    expect(problemsOf({}).problems).toEqual([expect.stringContaining('DATABASE_URL is required')]);
    expect(problemsOf({ DATABASE_URL: '   ' }).problems).toEqual([expect.stringContaining('DATABASE_URL is required')]);
    expect(problemsOf({ DATABASE_URL: 'mysql://x@y/z' }).problems).toEqual(['DATABASE_URL must be a postgres:// URL']);
    // missing alongside other problems: all of them are listed
    const { problems } = problemsOf({ PORT: '-1', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('DATABASE_URL');
  });

  it('takes GRAPHQL_COMPILE_AFTER as a count of executions, 0 turning compiling off', () => {
    expect(loadConfig({ DATABASE_URL: DB, GRAPHQL_COMPILE_AFTER: '0' }).graphqlCompileAfter).toBe(0);
    expect(problemsOf({ DATABASE_URL: DB, GRAPHQL_COMPILE_AFTER: '-1' }).problems).toEqual([expect.stringContaining('GRAPHQL_COMPILE_AFTER')]);
    expect(problemsOf({ DATABASE_URL: DB, GRAPHQL_COMPILE_AFTER: 'often' }).problems).toEqual([expect.stringContaining('GRAPHQL_COMPILE_AFTER')]);
  });

  it('needs the bootstrap email and password together', () => {
    expect(problemsOf({ DATABASE_URL: DB, BOOTSTRAP_COORDINATOR_EMAIL: 'boot@example.jp' }).problems).toEqual([
      expect.stringContaining('BOOTSTRAP_COORDINATOR_PASSWORD'),
    ]);
    expect(problemsOf({ DATABASE_URL: DB, BOOTSTRAP_COORDINATOR_EMAIL: 'boot@example.jp', BOOTSTRAP_COORDINATOR_PASSWORD: '' }).problems).toEqual([
      expect.stringContaining('BOOTSTRAP_COORDINATOR_PASSWORD'),
    ]);
    expect(problemsOf({ DATABASE_URL: DB, BOOTSTRAP_COORDINATOR_PASSWORD: 'long-enough-1' }).problems).toEqual([
      expect.stringContaining('BOOTSTRAP_COORDINATOR_EMAIL'),
    ]);
    expect(problemsOf({ DATABASE_URL: DB, BOOTSTRAP_COORDINATOR_EMAIL: 'not-an-email', BOOTSTRAP_COORDINATOR_PASSWORD: 'long-enough-1' }).problems).toEqual([
      expect.stringContaining('BOOTSTRAP_COORDINATOR_EMAIL'),
    ]);
    expect(problemsOf({ DATABASE_URL: DB, BOOTSTRAP_COORDINATOR_EMAIL: 'boot@example.jp', BOOTSTRAP_COORDINATOR_PASSWORD: 'short' }).problems).toEqual([
      expect.stringContaining('at least 10'),
    ]);
    const config = loadConfig({ DATABASE_URL: DB, BOOTSTRAP_COORDINATOR_EMAIL: ' Boot@Example.JP ', BOOTSTRAP_COORDINATOR_PASSWORD: 'long-enough-1' });
    expect(config.bootstrapCoordinator).toEqual({ email: 'boot@example.jp', password: 'long-enough-1' });
  });

  it('fills in defaults for a newcomer: only DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: DB });
    expect(config).toEqual({
      env: 'development',
      databaseUrl: DB,
      redisUrl: undefined,
      queuePrefix: 'chifuku',
      port: 3000,
      jwtSecret: expect.any(String),
      jwtSecretIsEphemeral: true,
      jwtExpiresIn: '12h',
      bootstrapCoordinator: undefined,
      logLevel: 'info',
      graphqlIde: true,
      graphqlCompileAfter: 2,
      runMigrations: true,
      jobLockMs: 30_000,
      matchingDebounceMs: 60_000,
      outboxAckTimeoutMs: 60_000,
      limits: {
        bodyLimitMb: 16,
        maxDepth: 10,
        maxAliases: 20,
        maxDirectives: 50,
        maxTokens: 2000,
        maxQueryBytes: 65536,
        maxCost: 25_000,
        userPointsPerMinute: 600,
        ipPointsPerMinute: 300,
        loginMaxFailures: 10,
        loginWindowSeconds: 900,
        trustedProxies: [],
      },
      contactCards: { key: expect.any(Buffer), previousKey: undefined, ephemeral: true },
    });
    expect(loadConfig({ DATABASE_URL: DB, MATCHING_DEBOUNCE_MS: '-1' }).matchingDebounceMs).toBeUndefined();
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    // a fresh random secret per process, never a fixed one
    expect(loadConfig({ DATABASE_URL: DB }).jwtSecret).not.toBe(config.jwtSecret);
    // blank values count as unset
    expect(loadConfig({ DATABASE_URL: DB, REDIS_URL: '  ', PORT: '', JWT_SECRET: '' })).toMatchObject({ redisUrl: undefined, port: 3000, jwtSecretIsEphemeral: true });
  });

  it('derives defaults from NODE_ENV: quieter logs in test, no IDE in production', () => {
    expect(loadConfig({ DATABASE_URL: DB, NODE_ENV: 'test' })).toMatchObject({ env: 'test', logLevel: 'warn', graphqlIde: true });
    expect(loadConfig({ DATABASE_URL: DB, NODE_ENV: 'production', JWT_SECRET: SECRET, CONTACT_CARD_KEY: CARD_KEY })).toMatchObject({
      env: 'production',
      logLevel: 'info',
      graphqlIde: false,
      jwtSecret: SECRET,
      jwtSecretIsEphemeral: false,
    });
  });

  it('reads every variable it understands', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: ` ${DB} `,
      REDIS_URL: 'rediss://:pw@redis.example.jp:6380/2',
      QUEUE_PREFIX: 'kurume-prod',
      PORT: '8080',
      JWT_SECRET: SECRET,
      CONTACT_CARD_KEY: CARD_KEY,
      JWT_EXPIRES_IN: '30m',
      LOG_LEVEL: 'debug',
      GRAPHQL_IDE: 'yes',
      GRAPHQL_COMPILE_AFTER: '5',
      RUN_MIGRATIONS: 'false',
      UNRELATED: 'ignored',
    });
    expect(config).toMatchObject({
      databaseUrl: DB,
      redisUrl: 'rediss://:pw@redis.example.jp:6380/2',
      queuePrefix: 'kurume-prod',
      port: 8080,
      jwtExpiresIn: '30m',
      logLevel: 'debug',
      graphqlIde: true,
      graphqlCompileAfter: 5,
      runMigrations: false,
    });
  });

  it('reads the query and rate limits, 0 turning one off, and the trusted proxies as a list', () => {
    const config = loadConfig({
      DATABASE_URL: DB,
      BODY_LIMIT_MB: '4',
      QUERY_MAX_DEPTH: '0',
      QUERY_MAX_ALIASES: '5',
      QUERY_MAX_DIRECTIVES: '6',
      QUERY_MAX_TOKENS: '700',
      QUERY_MAX_BYTES: '4096',
      QUERY_MAX_COST: '900',
      RATE_LIMIT_USER_PER_MINUTE: '1200',
      RATE_LIMIT_IP_PER_MINUTE: '0',
      LOGIN_MAX_FAILURES: '5',
      LOGIN_WINDOW_SECONDS: '600',
      TRUSTED_PROXIES: ' 10.0.0.0/8, 192.168.1.10 ,fd00::/8 loopback',
    });
    expect(config.limits).toEqual({
      bodyLimitMb: 4,
      maxDepth: 0,
      maxAliases: 5,
      maxDirectives: 6,
      maxTokens: 700,
      maxQueryBytes: 4096,
      maxCost: 900,
      userPointsPerMinute: 1200,
      ipPointsPerMinute: 0,
      loginMaxFailures: 5,
      loginWindowSeconds: 600,
      trustedProxies: ['10.0.0.0/8', '192.168.1.10', 'fd00::/8', 'loopback'],
    });
  });

  it('reads the contact card keys: 32 bytes in base64, required in production, a previous one only while rotating', () => {
    expect(problemsOf({ DATABASE_URL: DB, NODE_ENV: 'production', JWT_SECRET: SECRET }).problems).toEqual([expect.stringContaining('CONTACT_CARD_KEY is required when NODE_ENV=production')]);
    const previous = Buffer.alloc(32, 9);
    const config = loadConfig({ DATABASE_URL: DB, NODE_ENV: 'production', JWT_SECRET: SECRET, CONTACT_CARD_KEY: ` ${CARD_KEY} `, CONTACT_CARD_PREVIOUS_KEY: previous.toString('base64url') });
    expect(config.contactCards.key.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(config.contactCards.previousKey?.equals(previous)).toBe(true);
    expect(config.contactCards.ephemeral).toBe(false);
    // unset outside production: a random key for this process, said so
    const dev = loadConfig({ DATABASE_URL: DB });
    expect(dev.contactCards).toMatchObject({ ephemeral: true, previousKey: undefined });
    expect(dev.contactCards.key).toHaveLength(32);
    expect(loadConfig({ DATABASE_URL: DB }).contactCards.key.equals(dev.contactCards.key)).toBe(false);
    // the same key twice is no rotation (whatever the alphabet)
    expect(problemsOf({ DATABASE_URL: DB, CONTACT_CARD_KEY: CARD_KEY, CONTACT_CARD_PREVIOUS_KEY: Buffer.alloc(32, 7).toString('base64url') }).problems).toEqual([
      expect.stringContaining('CONTACT_CARD_PREVIOUS_KEY must differ'),
    ]);
  });

  it.each([
    ['CONTACT_CARD_KEY', Buffer.alloc(16).toString('base64')],
    ['CONTACT_CARD_KEY', Buffer.alloc(33).toString('base64')],
    ['CONTACT_CARD_KEY', 'not base64 at all, but 44 characters long!!'],
    ['CONTACT_CARD_PREVIOUS_KEY', 'short'],
  ])('refuses %s=%s, naming it and never echoing it', (name, value) => {
    const { error, problems } = problemsOf({ DATABASE_URL: DB, [name]: value });
    expect(problems).toEqual([expect.stringContaining(name)]);
    expect(error.message).not.toContain(value);
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['JWT_SECRET', 'too-short'],
    ['JWT_EXPIRES_IN', 'forever'],
    ['QUEUE_PREFIX', 'has:colon'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['GRAPHQL_IDE', 'maybe'],
    ['RUN_MIGRATIONS', '2'],
    ['QUERY_MAX_DEPTH', '-1'],
    ['QUERY_MAX_COST', 'lots'],
    ['RATE_LIMIT_USER_PER_MINUTE', '1.5'],
    ['BODY_LIMIT_MB', '0'],
    ['LOGIN_WINDOW_SECONDS', '0'],
    ['TRUSTED_PROXIES', '10.0.0.0/33'],
    ['TRUSTED_PROXIES', '10.0.0.1, proxy.example.jp'],
  ])('refuses %s=%s, naming it', (name, value) => {
    const { problems } = problemsOf({ DATABASE_URL: DB, [name]: value });
    expect(problems).toEqual([expect.stringContaining(name)]);
  });
});
