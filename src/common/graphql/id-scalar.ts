import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { GraphQLError, GraphQLID, GraphQLScalarType, Kind, type GraphQLSchema, type ValueNode } from 'graphql';
import { isUuid } from '../ids.js';

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
    if (!isUuid(value)) throw new GraphQLError(message(value));
    return value.toLowerCase();
  },
  parseLiteral(node: ValueNode): string {
    if (node.kind !== Kind.STRING || !isUuid(node.value)) throw new GraphQLError(message(node.kind === Kind.STRING ? node.value : node.kind), { nodes: node });
    return node.value.toLowerCase();
  },
});

/** Nest's `transformSchema`: the same schema with UuidIdScalar in place of graphql-js's ID (the printed schema is identical). */
export function withUuidIds(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.SCALAR_TYPE]: (type) => (type.name === 'ID' ? UuidIdScalar : type),
  });
}
