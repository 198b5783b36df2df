import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  GraphQLError,
  GraphQLID,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  isListType,
  isNonNullType,
  Kind,
  type GraphQLSchema,
  type GraphQLType,
  type ValueNode,
} from 'graphql';
import { isUuid } from '../ids.js';

/** A value given as an ID that is not one; format-error.ts answers BAD_USER_INPUT naming the field. */
export class MalformedIdError extends GraphQLError {}

const message = (value: unknown) =>
  `ID は UUID の形式で指定してください (an ID is a UUID; got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value})`;

/**
 * The schema's `ID`, checked once for every argument and input field of every operation: every id
 * the service hands out is a UUID, so any other value (a number, a name, a truncated or padded id,
 * NUL bytes, odd Unicode) is refused while the request is read, as BAD_USER_INPUT naming the
 * argument, and never reaches a resolver or SQL. Output is unchanged (feed keys such as
 * `event:<uuid>` are IDs the service writes, never ones it reads).
 */
export const UuidIdScalar = new GraphQLScalarType({
  ...GraphQLID.toConfig(),
  parseValue(value: unknown): string {
    if (!isUuid(value)) throw new MalformedIdError(message(value));
    return value.toLowerCase();
  },
  parseLiteral(node: ValueNode): string {
    if (node.kind !== Kind.STRING || !isUuid(node.value)) throw new MalformedIdError(message(node.kind === Kind.STRING ? node.value : node.kind), { nodes: node });
    return node.value.toLowerCase();
  },
});

/** The type with UuidIdScalar in place of graphql-js's ID, wrappers kept. */
function swap<T extends GraphQLType>(type: T): T {
  if (isNonNullType(type)) return new GraphQLNonNull(swap(type.ofType)) as unknown as T;
  if (isListType(type)) return new GraphQLList(swap(type.ofType)) as unknown as T;
  return (type === GraphQLID ? UuidIdScalar : type) as T;
}

/**
 * Nest's `transformSchema`: the same schema with UuidIdScalar in place of graphql-js's ID, in every
 * argument, input field and output field (graphql-tools leaves the built-in scalars themselves
 * alone, so each reference is swapped; then no reference to graphql-js's ID is left and the
 * schema's one `ID` is ours). The printed schema is identical.
 */
export function withUuidIds(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.COMPOSITE_FIELD]: (field) => ({ ...field, type: swap(field.type), args: field.args && Object.fromEntries(Object.entries(field.args).map(([k, a]) => [k, { ...a, type: swap(a.type) }])) }),
    [MapperKind.INPUT_OBJECT_FIELD]: (field) => ({ ...field, type: swap(field.type) }),
  });
}
