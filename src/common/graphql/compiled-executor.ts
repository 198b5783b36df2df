import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, getVariableValues, Kind, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * Queries executed by a compiled plan (graphql-jit) instead of graphql-js's per-field walk.
 *
 * graphql-js completes every field of an answer through the same generic steps (a resolve info
 * object, argument coercion, the field's type looked up and switched on): on a student's page of
 * 20 offers that is most of the request's own cost (bench/RESULTS.md, issue 15). graphql-jit turns
 * one document into a function that does only what that document asks, calling the same
 * resolvers, guards and field policies with the same context.
 *
 * Its answers are graphql-js's whenever the execution succeeds. Its errors are not (the codes and
 * fields the contract gives domain errors are shaped differently), so an execution that ends with
 * any error is thrown away and the query is executed again by graphql-js, whose answer is the one
 * sent: an error costs two executions, a success one compiled run. That is only sound for queries
 * whose resolvers read and never write, so mutations, subscriptions and the queries in
 * `WRITING_QUERIES` always run on graphql-js; a document is compiled only once it has been
 * executed `compileAfter` times (a client inventing documents pays the parse and validation Apollo
 * caches, never a compilation), introspection stays with graphql-js, and the plans live as long
 * as Apollo's bounded document cache keeps the document.
 *
 * Apollo Server 5 takes another executor only through its gateway interface; this "gateway"
 * serves the schema Nest built (after `transformSchema`) and nothing else of a gateway.
 */

/** Root query fields whose resolvers write (an audit entry with the read): never executed twice. */
export const WRITING_QUERIES: ReadonlySet<string> = new Set(['exportStudentData']);

type Plan = { kind: 'graphql-js' } | { kind: 'counting'; seen: number } | { kind: 'compiled'; query: CompiledQuery };

export interface CompiledExecutorOptions {
  /** the schema Apollo validates against and resolvers run on */
  schema: () => GraphQLSchema;
  /** a document is compiled at its n-th execution; 0 never compiles */
  compileAfter: number;
}

export class CompiledExecutor {
  /** per document (Apollo hands the same DocumentNode for the same query text while it caches it) and operation name */
  private readonly plans = new WeakMap<DocumentNode, Map<string, Plan>>();
  /** how executions went, for tests and benchmarks */
  readonly counts = { compiled: 0, fallback: 0, graphqlJs: 0 };

  constructor(private readonly options: CompiledExecutorOptions) {}

  /** A gateway whose only job is to hand Apollo the schema and this executor (found again through `compiled`). */
  gateway(): GatewayInterface & { compiled: CompiledExecutor } {
    let listener: ((s: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void) | undefined;
    return {
      compiled: this,
      onSchemaLoadOrUpdate: (callback) => {
        listener = callback;
        return () => (listener = undefined);
      },
      load: async () => {
        listener?.({ apiSchema: this.options.schema(), coreSupergraphSdl: '' });
        return { executor: this.executor };
      },
      stop: async () => undefined,
    };
  }

  readonly executor: GatewayExecutor = async (rc) => {
    const { document, operation, context } = rc;
    const variables = rc.request.variables;
    const plan = this.plan(document, operation, rc.operationName ?? undefined);
    if (plan.kind === 'compiled') {
      // graphql-jit coerces variables of the built-in scalars by their names: our ID (a UUID,
      // id-scalar.ts) would pass unchecked. graphql-js coerces them first, with the schema's own
      // scalars; a variable it refuses goes to graphql-js's execution, which words the error.
      const coerced = getVariableValues(this.options.schema(), operation.variableDefinitions ?? [], variables ?? {});
      if (coerced.coerced) {
        const result = await plan.query.query(undefined, context, coerced.coerced);
        if (!result.errors?.length) {
          this.counts.compiled++;
          return result as ExecutionResult;
        }
      }
      this.counts.fallback++;
    } else this.counts.graphqlJs++;
    return execute({ schema: this.options.schema(), document, contextValue: context, variableValues: variables, operationName: rc.operationName ?? undefined });
  };

  private plan(document: DocumentNode, operation: OperationDefinitionNode, operationName: string | undefined): Plan {
    let byName = this.plans.get(document);
    if (!byName) this.plans.set(document, (byName = new Map()));
    const key = operationName ?? '';
    let plan = byName.get(key);
    if (!plan) {
      plan = compilable(document, operation, this.options.compileAfter) ? { kind: 'counting', seen: 0 } : { kind: 'graphql-js' };
      byName.set(key, plan);
    }
    if (plan.kind === 'counting' && ++plan.seen >= this.options.compileAfter) {
      const compiled = compileQuery(this.options.schema(), document, operationName);
      plan = isCompiledQuery(compiled) ? { kind: 'compiled', query: compiled } : { kind: 'graphql-js' };
      byName.set(key, plan);
    }
    return plan;
  }
}

/** A query that only reads and asks nothing of introspection; documents Apollo has validated. */
export function compilable(document: DocumentNode, operation: OperationDefinitionNode, compileAfter: number): boolean {
  if (compileAfter <= 0 || operation.operation !== 'query' || writes(operation.selectionSet)) return false;
  // root fields reached through named fragments, and introspection anywhere in the document
  return !document.definitions.some(
    (d) =>
      (d.kind === Kind.FRAGMENT_DEFINITION && d.typeCondition.name.value === 'Query' && writes(d.selectionSet)) ||
      ((d.kind === Kind.FRAGMENT_DEFINITION || d.kind === Kind.OPERATION_DEFINITION) && introspects(d.selectionSet)),
  );
}

function writes(set: SelectionSetNode): boolean {
  return set.selections.some(
    (s) =>
      (s.kind === Kind.FIELD && WRITING_QUERIES.has(s.name.value)) ||
      (s.kind === Kind.INLINE_FRAGMENT && (!s.typeCondition || s.typeCondition.name.value === 'Query') && writes(s.selectionSet)),
  );
}

function introspects(set: SelectionSetNode): boolean {
  return set.selections.some((s) => {
    if (s.kind === Kind.FIELD) return s.name.value === '__schema' || s.name.value === '__type' || (!!s.selectionSet && introspects(s.selectionSet));
    if (s.kind === Kind.INLINE_FRAGMENT) return introspects(s.selectionSet);
    return false;
  });
}
