import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema as parseSchema, findBreakingChanges, parse } from 'graphql';
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

  it('Query.proposal takes its id only (the note and startsAt of approveProposal are not its arguments)', () => {
    const proposal = t.app.get(GraphQLSchemaHost).schema.getQueryType()!.getFields()['proposal'];
    expect(proposal.args.map((a) => a.name)).toEqual(['id']);
  });
});

// CONTRACT_DIR: a contract kept elsewhere (or none, to see what a clone without it does)
const contractDir = process.env.CONTRACT_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'contract');
const contractPresent = existsSync(contractDir);
/**
 * The contract lives beside this clone (../shared/contract), not in it. Without it the checks below
 * cannot run: a workstation is told so loudly (a warning and a skipped test that says why), and CI,
 * where a missing contract would hide every breaking change, fails.
 */
if (!contractPresent) {
  if (process.env.CI) {
    it(`the contract is present at ${contractDir} (CI=true: a missing contract is a failure)`, () => {
      throw new Error(`the API contract is missing: ${contractDir} does not exist, so no part of it was checked`);
    });
  } else {
    console.warn(`[schema.spec] SKIPPED: the contract checks, since ${contractDir} does not exist (clone the shared contract beside this repository to run them).`);
    it.skip(`the contract checks: skipped, ${contractDir} is missing in this clone`, () => undefined);
  }
}
const describeContract = contractPresent ? describe : describe.skip;

/**
 * The parts of the contract this service serves, with no breaking change (the same check as
 * `../shared/bin/check-contract --part …`). The sibling platforms' parts join this list as
 * their features land.
 */
const PARTS = ['core', 'committee', 'tv', 'preparedness', 'deliberation', 'disaster', 'replies'];

describeContract('the contract', () => {
  it.each(PARTS)('%s holds with no breaking change', (part) => {
    // as ../shared/bin/check-contract does: the whole contract as one schema, judged on one part's names
    const files = readdirSync(contractDir).filter((f) => f.endsWith('.graphql')).sort();
    const contract = parseSchema(files.map((f) => readFileSync(join(contractDir, f), 'utf8')).join('\n'));
    const ours = parseSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const scope = new Set<string>();
    for (const def of parse(readFileSync(join(contractDir, `${part}.graphql`), 'utf8')).definitions) {
      if (!('name' in def) || !def.name) continue;
      if (!def.kind.endsWith('Extension')) scope.add(def.name.value);
      for (const f of ('fields' in def ? def.fields : 'values' in def ? def.values : undefined) ?? []) scope.add(`${def.name.value}.${f.name.value}`);
    }
    const inScope = (d: string) => {
      let m = /(\w+) was removed from enum type (\w+)/.exec(d);
      if (m) return scope.has(`${m[2]}.${m[1]}`);
      m = /on input type (\w+)/.exec(d);
      if (m) return scope.has(m[1]);
      m = /\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b/.exec(d);
      if (m) return scope.has(`${m[1]}.${m[2]}`);
      m = /^([A-Za-z_]\w*)/.exec(d.replace(/^(Field|Type|Enum value|Argument|Directive)\s+/, ''));
      return m ? scope.has(m[1]) : true;
    };
    expect(findBreakingChanges(contract, ours).map((c) => c.description).filter(inScope)).toEqual([]);
  });
});
