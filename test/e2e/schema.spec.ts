import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema as parseSchema, findBreakingChanges } from 'graphql';
import { buildSchema, printSchemaFile, SCHEMA_FILE } from '../../src/schema.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('graphql/schema.graphql', () => {
  it('is exactly what the running app serves (run `npm run schema:emit` after changing the API)', () => {
    const served = printSchemaFile(t.app.get(GraphQLSchemaHost).schema);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(served);
  });

  it('is what the emitter builds from the resolver list, so no resolver is missing from it', async () => {
    expect(printSchemaFile(await buildSchema())).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });
});

/**
 * The parts of ../shared/contract/core.graphql that the foundation serves, unchanged. The rest of
 * the core contract (students, offers, matching) arrives with the matching feature; when it does,
 * this list gives way to the whole contract (`../shared/bin/check-contract`).
 */
const FOUNDATION = new Set([
  'Role', 'Platform', 'ParticipationMode', 'OrganizationKind', 'Theme', 'PageInfo', 'User', 'AuthPayload', 'School',
  'SchoolRegistration', 'Event', 'EventEdge', 'EventConnection', 'SignUpInput', 'RegisterSchoolInput', 'EventFilter',
  'CreateEventInput', 'DateTime', 'Organization.id', 'Organization.name', 'Organization.kind', 'Organization.area',
  'Organization.description', 'Organization.verified', 'Query.me', 'Query.themes', 'Query.events', 'Query.event',
  'Mutation.login', 'Mutation.signUp', 'Mutation.registerSchool', 'Mutation.createEvent', 'Mutation.joinEvent', 'Mutation.leaveEvent',
]);

const contractDir = join(import.meta.dirname, '..', '..', '..', 'shared', 'contract');
const describeContract = existsSync(contractDir) ? describe : describe.skip;

describeContract('the contract', () => {
  it('holds for every type and operation of the foundation', () => {
    // the sibling platforms extend User and Event in their own parts; those arrive with their issues
    const contract = parseSchema(readFileSync(join(contractDir, 'core.graphql'), 'utf8'));
    const ours = parseSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const broken = findBreakingChanges(contract, ours)
      .map((c) => c.description)
      .filter((d) => {
        const dotted = /\b([A-Z]\w*)\.(\w+)\b/.exec(d);
        if (dotted) return FOUNDATION.has(dotted[1]) || FOUNDATION.has(`${dotted[1]}.${dotted[2]}`);
        const onInput = /on input type (\w+)/.exec(d);
        if (onInput) return FOUNDATION.has(onInput[1]);
        if (/^Standard scalar/.test(d)) return false;
        const named = /^(\w+) was removed/.exec(d) ?? /(\w+) was removed from enum type (\w+)/.exec(d);
        return named ? FOUNDATION.has(named[named.length - 1]) : true;
      });
    expect(broken).toEqual([]);
    // and each operation named by the foundation is there
    for (const name of [...FOUNDATION].filter((n) => /^(Query|Mutation)\./.test(n))) {
      const [type, field] = name.split('.');
      expect(Object.keys((type === 'Query' ? ours.getQueryType() : ours.getMutationType())!.getFields())).toContain(field);
    }
  });
});
