import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getOperationAST,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { SecurityLimits } from '../config/config.js';
import type { GqlContext } from '../graphql/context.js';
import { documentTooLarge, MAX_NESTING, nestingDepth, tooLargeMessage } from './http-guards.js';
import { operationCost } from './query-cost.js';
import type { RateLimiter } from './rate-limiter.service.js';
import { documentRefused } from './security.errors.js';

/** graphql-armor's rules report (not throw) so that Apollo answers 400 GRAPHQL_VALIDATION_FAILED, which format-error maps to BAD_USER_INPUT. */
const report = [
  (ctx: ValidationContext | null, err: GraphQLError) =>
    ctx?.reportError(new GraphQLError(`クエリが制限を超えています: ${err.message.replace(/^Syntax Error: /, '')}`)),
];
const armor = { propagateOnRejection: false, exposeLimits: true, onReject: report };

/** Depth, aliases and directives per operation (graphql-armor); a limit of 0 is off. */
export function limitRules(limits: SecurityLimits): ValidationRule[] {
  const rules: ValidationRule[] = [];
  if (limits.maxDepth) rules.push(maxDepthRule({ ...armor, n: limits.maxDepth }) as unknown as ValidationRule);
  if (limits.maxAliases) rules.push(maxAliasesRule({ ...armor, n: limits.maxAliases }) as unknown as ValidationRule);
  if (limits.maxDirectives) rules.push(maxDirectivesRule({ ...armor, n: limits.maxDirectives }) as unknown as ValidationRule);
  return rules;
}

/** The token limit is graphql-js's own: the parser stops at the limit, before a huge document is built. */
export function limitParseOptions(limits: SecurityLimits): ParseOptions {
  return limits.maxTokens ? { maxTokens: limits.maxTokens } : {};
}

const costOf = (schema: GraphQLSchema, document: DocumentNode, operation: NonNullable<ReturnType<typeof getOperationAST>>, variables?: Record<string, unknown> | null) => {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return operationCost({ schema, operation, fragments, variables });
};

const tooCostly = (cost: number, maxCost: number) =>
  documentRefused(`クエリの負荷が大きすぎます: cost ${cost} exceeds the limit of ${maxCost}; ask for fewer items or less nesting`, {
    reason: 'QUERY_TOO_COSTLY',
    cost,
    maxCost,
  });

/** The schema Apollo serves, handed over when it starts (graphql-ws needs it for the same checks). */
export interface SchemaRef {
  schema?: GraphQLSchema;
}

const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * After a document is parsed and validated: its cost (refused above QUERY_MAX_COST) is charged to
 * the caller's rate budget (refused with 429 past it). Before a response leaves: no error suggests
 * names ("Did you mean ..."), and execution errors keep HTTP 200 except a rate limit's 429.
 */
export function limitsPlugin(limiter: RateLimiter, limits: SecurityLimits, schemaRef?: SchemaRef): ApolloServerPlugin<GqlContext> {
  return {
    async serverWillStart({ schema }) {
      if (schemaRef) schemaRef.schema = schema;
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const cost = costOf(schema, document, operation, request.variables);
          if (limits.maxCost && cost > limits.maxCost) throw tooCostly(cost, limits.maxCost);
          await limiter.chargeOperation(contextValue.viewer, contextValue.req?.ip ?? contextValue.req?.socket?.remoteAddress, cost);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          for (const e of result.errors ?? []) {
            if (e.message.includes('Did you mean')) (e as { message: string }).message = e.message.replace(SUGGESTION, '');
          }
          // what Nest's preserveHttpStatusForExecutionErrors does, except for the rate limit's 429
          if ('data' in result && response.http.status && response.http.status !== 429) response.http.status = 200;
        },
      };
    },
  };
}

/**
 * The same limits for operations over graphql-ws (the subscriptions endpoint also runs queries, and
 * anyone may open a socket): nesting, tokens, the validation rules (with introspection refused
 * where Apollo refuses it), no name suggestions, and the cost limit. Refusals come back as errors
 * with BAD_USER_INPUT; an accepted operation returns nothing, and graphql-ws goes on as usual.
 */
export function wsOnSubscribe(limits: SecurityLimits, introspection: boolean, schemaRef: SchemaRef) {
  const refuse = (message: string, reason: string, nodes?: GraphQLError['nodes']) => [
    new GraphQLError(message.replace(SUGGESTION, ''), { nodes, extensions: { code: 'BAD_USER_INPUT', reason } }),
  ];
  const rules = [...specifiedRules, ...limitRules(limits), ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  return (_ctx: unknown, _id: string, payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null }) => {
    const schema = schemaRef.schema;
    if (!schema || typeof payload?.query !== 'string') return undefined;
    if (documentTooLarge(payload.query, limits.maxQueryBytes)) return refuse(tooLargeMessage(limits.maxQueryBytes), 'QUERY_TOO_LARGE');
    if (nestingDepth(payload.query, MAX_NESTING, limits.maxTokens) > MAX_NESTING) return refuse(`クエリの入れ子が深すぎます (brackets nested deeper than ${MAX_NESTING})`, 'QUERY_TOO_NESTED');
    let document: DocumentNode;
    try {
      document = parse(payload.query, limitParseOptions(limits));
    } catch (err) {
      return refuse(err instanceof Error ? err.message : String(err), 'GRAPHQL_PARSE_FAILED');
    }
    const errors = validate(schema, document, rules);
    if (errors.length) return errors.flatMap((e) => refuse(e.message, 'GRAPHQL_VALIDATION_FAILED', e.nodes));
    const operation = getOperationAST(document, payload.operationName);
    if (operation && limits.maxCost) {
      const cost = costOf(schema, document, operation, payload.variables);
      if (cost > limits.maxCost) return refuse(tooCostly(cost, limits.maxCost).message, 'QUERY_TOO_COSTLY');
    }
    return undefined;
  };
}
