/**
 * Jest in ESM mode (NestJS 12 is ESM-only): @swc/jest compiles TypeScript with decorator metadata.
 * Two projects: `unit` (test/unit/, pure logic, needs no service) and `e2e` (test/e2e/, the real app
 * on a fresh database; its global set-up checks that PostgreSQL and Redis answer). `npm test` runs
 * both; `npm run test:unit` only the first (`--selectProjects unit`).
 */
const shared = {
  rootDir: import.meta.dirname,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2023',
        },
        module: { type: 'es6' },
      },
    ],
  },
};

export default {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'], globalSetup: '<rootDir>/test/support/global-setup.mjs' },
  ],
  // test files each get their own database; two at a time suits a 2-core machine
  maxWorkers: 2,
  // jest reads the timeout from here, not from a project's options
  testTimeout: 60_000,
};
