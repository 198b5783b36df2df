import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE, MAX_PAGE } from '../graphql/pagination.js';

/**
 * The cost of an operation: about how many objects it makes the server load.
 *
 * Every object a field returns costs 1 (scalars are free: they come with their object; a
 * connection's edges are free: their nodes count), times the number of parent objects. A list is
 * as long as the client asked: `first` (capped at the 100 the resolvers accept; a connection's
 * `first` sizes its `edges`/`nodes`, 20 when absent), else the length of a list argument
 * (`enrollStudents(input: [...])` returns one per item), else ASSUMED_LIST_SIZE. Variables count
 * with their values. Writes and password hashing cost extra (MUTATION_COST, FIELD_COSTS).
 * Fragments count where they are spread; `@skip`/`@include` are ignored (an upper bound).
 * Introspection (`__schema`, `__type`) costs 1: it is off in production.
 *
 * The same number is refused above QUERY_MAX_COST and charged against the rate budgets
 * (rate-limiter.service.ts turns it into points).
 */
export const ASSUMED_LIST_SIZE = 10;

/** Every root mutation field costs this on top of what it returns. */
export const MUTATION_COST = 10;

/**
 * Fields dearer than the objects they return: argon2id hashing takes tens of milliseconds of CPU;
 * a perspective map loads every perspective and stance of its scope (up to 5,000 and 200,000),
 * tokenizes the texts and finds opinion groups, the same work as GET …/map.svg, and costs about the
 * same points (ROUTE_POINTS.mapSvg in http-rate-limit.guard.ts), whichever way it is asked for.
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = {
  'Mutation.login': 500,
  'Mutation.signUp': 500,
  'Mutation.signUpOrganization': 500,
  'Query.perspectiveMap': 2000,
  // unanswered statements with their counts, and the meeting's map the first time it is asked for
  'Query.nextPerspective': 100,
};

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables?: Record<string, unknown> | null;
}

export function operationCost({ schema, operation, fragments, variables }: CostInput): number {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  const vars = variables ?? {};

  const argValue = (node: ValueNode | undefined): unknown => {
    if (!node) return undefined;
    switch (node.kind) {
      case Kind.VARIABLE:
        return vars[node.name.value];
      case Kind.INT:
        return Number.parseInt(node.value, 10);
      case Kind.LIST:
        return node.values;
      case Kind.NULL:
        return null;
      default:
        return undefined;
    }
  };

  /** The arguments of a field as given (literals, variables), falling back to the schema's defaults. */
  const args = (field: GraphQLField<unknown, unknown>, node: { arguments?: readonly { name: { value: string }; value: ValueNode }[] }) => {
    const given = new Map((node.arguments ?? []).map((a) => [a.name.value, argValue(a.value)]));
    return (name: string): unknown => (given.has(name) ? given.get(name) : field.args.find((a) => a.name === name)?.defaultValue);
  };

  const pageSize = (first: unknown): number | undefined => (typeof first === 'number' && Number.isFinite(first) ? Math.min(Math.max(Math.trunc(first), 0), MAX_PAGE) : undefined);

  // the cost of a selection set for one parent object (costs scale linearly with the parents);
  // a fragment's cost is worked out once (a fragment spread a thousand times costs no more to
  // analyse), and `stack` keeps the walk finite even on the cycles validation refuses first
  const fragmentCost = new Map<string, number>();
  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType, inheritedPage: number | undefined, stack: string[]): number => {
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) cost += walk(sel.selectionSet, type, inheritedPage, stack);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const name = sel.name.value;
        const fragment = fragments[name];
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !type || !isCompositeType(type) || stack.includes(name)) continue;
        const memo = `${name}|${inheritedPage ?? ''}`;
        if (!fragmentCost.has(memo)) fragmentCost.set(memo, walk(fragment.selectionSet, type, inheritedPage, [...stack, name]));
        cost += fragmentCost.get(memo)!;
        continue;
      }
      const name = sel.name.value;
      if (name === '__typename') continue;
      if (name === '__schema' || name === '__type') {
        cost += 1;
        continue;
      }
      if (!('getFields' in parent)) continue; // a union: only __typename and fragments select on it
      const field = parent.getFields()[name];
      if (!field) continue; // unknown fields are refused by validation
      cost += (FIELD_COSTS[`${parent.name}.${name}`] ?? 0) + (parent === root && operation.operation === 'mutation' ? MUTATION_COST : 0);

      const named = getNamedType(field.type);
      if (!isCompositeType(named) || !sel.selectionSet) continue;
      const arg = args(field, sel);
      const first = pageSize(arg('first'));
      let count = 1;
      let childPage: number | undefined;
      if (isListType(getNullableType(field.type))) {
        const listArg = field.args.map((a) => arg(a.name)).find((v) => Array.isArray(v)) as unknown[] | undefined;
        count = first ?? inheritedPage ?? (listArg ? listArg.length : ASSUMED_LIST_SIZE);
      } else if (field.args.some((a) => a.name === 'first')) {
        // a connection: its edges (or nodes) are as many as `first` asks
        childPage = first ?? DEFAULT_PAGE;
      }
      // an edge only wraps its node: the node is what is loaded
      const own = named.name.endsWith('Edge') ? 0 : 1;
      cost += count * (own + walk(sel.selectionSet, named, childPage, stack));
    }
    return cost;
  };

  return walk(operation.selectionSet, root, undefined, []);
}
