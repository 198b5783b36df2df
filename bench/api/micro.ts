/**
 * What each piece of the query limits costs per document, measured in this process on the schema
 * the service serves (graphql/schema.graphql) with the service's own functions. Apollo keeps parsed
 * and validated documents in its document cache (keyed by the query text), so parsing with the
 * token limit and the graphql-armor validation rules run only on a cache miss (a new query text);
 * the bracket-nesting guard and the cost (query-cost.ts) run on every request, whatever the limits,
 * because the rate limiter charges the cost too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { SecurityLimits } from '../../src/common/config/config.js';
import { limitParseOptions, limitRules } from '../../src/common/security/graphql-limits.js';
import { MAX_NESTING, nestingDepth } from '../../src/common/security/http-guards.js';
import { operationCost } from '../../src/common/security/query-cost.js';
import { pointsForCost } from '../../src/common/security/rate-limiter.service.js';

export interface Doc {
  key: string;
  query: string;
  variables?: Record<string, unknown>;
}

export interface MicroRow {
  key: string;
  cost: number;
  points: number;
  tokens: number;
  /** µs per request, on every request */
  nestingUs: number;
  costUs: number;
  /** µs per document, only on a document-cache miss */
  parseUs: number;
  parseLimitedUs: number;
  validateUs: number;
  validateLimitedUs: number;
}

/**
 * µs per call of `a` and of `b`: after a warm-up, rounds of about `ms` each, alternating a and b,
 * and the best round of each (the least disturbed by whatever else runs on the machine).
 */
function timePair(a: () => unknown, b: () => unknown, rounds = 7, ms = 25): [number, number] {
  const round = (fn: () => unknown): number => {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (n < 20 || t - t0 < ms) {
      for (let i = 0; i < 10; i++) fn();
      n += 10;
      t = performance.now();
    }
    return ((t - t0) * 1000) / n;
  };
  for (let i = 0; i < 50; i++) (a(), b());
  let bestA = Infinity;
  let bestB = Infinity;
  for (let r = 0; r < rounds; r++) {
    bestA = Math.min(bestA, round(a));
    bestB = Math.min(bestB, round(b));
  }
  return [bestA, bestB];
}

export function loadSchema(root: string): GraphQLSchema {
  return buildSchema(readFileSync(join(root, 'graphql', 'schema.graphql'), 'utf8'));
}

export function costOf(schema: GraphQLSchema, doc: DocumentNode, variables?: Record<string, unknown>): number {
  return operationCost({ schema, operation: getOperationAST(doc)!, fragments: {}, variables });
}

export function measureLimits(schema: GraphQLSchema, docs: Doc[], limits: SecurityLimits): MicroRow[] {
  const armor: ValidationRule[] = [...specifiedRules, ...limitRules(limits)];
  const parseOptions = limitParseOptions(limits);
  return docs.map((d) => {
    const doc = parse(d.query);
    const errors = validate(schema, doc, armor);
    if (errors.length) throw new Error(`${d.key}: the bench's own document does not validate: ${errors.map((e) => e.message).join('; ')}`);
    let tokens = 0;
    for (let tok = doc.loc?.startToken ?? null; tok; tok = tok.next) tokens++;
    const cost = costOf(schema, doc, d.variables);
    const [nestingUs, costUs] = timePair(
      () => nestingDepth(d.query, MAX_NESTING, limits.maxTokens),
      () => costOf(schema, doc, d.variables),
    );
    const [parseUs, parseLimitedUs] = timePair(
      () => parse(d.query),
      () => parse(d.query, parseOptions),
    );
    const [validateUs, validateLimitedUs] = timePair(
      () => validate(schema, doc, specifiedRules),
      () => validate(schema, doc, armor),
    );
    return { key: d.key, cost, points: pointsForCost(cost), tokens: Math.max(0, tokens - 2) /* without <SOF> and <EOF> */, nestingUs, costUs, parseUs, parseLimitedUs, validateUs, validateLimitedUs };
  });
}
