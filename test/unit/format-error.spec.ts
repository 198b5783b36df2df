import { ForbiddenException, PayloadTooLargeException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { badInput, conflict } from '../../src/common/errors/domain-error.js';
import { createFormatError } from '../../src/common/errors/format-error.js';

const format = (error: unknown, exposeInternals = false) => {
  const gql = error instanceof GraphQLError ? error : new GraphQLError((error as Error).message, { originalError: error as Error });
  return createFormatError({ exposeInternals })({ message: gql.message, extensions: gql.extensions }, gql);
};

describe('formatError', () => {
  it('gives domain errors their contract code and details', () => {
    expect(format(conflict('満員です')).extensions).toEqual({ code: 'CONFLICT' });
    const bad = format(badInput([{ field: 'input.title', message: 'タイトルを入力してください' }]));
    expect(bad.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.title', message: 'タイトルを入力してください' }] });
  });

  it('maps Nest HTTP exceptions and Apollo document errors onto contract codes', () => {
    expect(format(new ForbiddenException()).extensions?.code).toBe('FORBIDDEN');
    expect(format(new PayloadTooLargeException()).extensions?.code).toBe('BAD_USER_INPUT');
    const parse = new GraphQLError('Syntax Error', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(format(parse).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' });
    const validation = new GraphQLError('Cannot query field "x"', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(format(validation).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('hides the insides of unexpected errors in production, and shows them in development', () => {
    const boom = new Error('relation "secret_table" does not exist');
    const prod = format(boom);
    expect(prod.message).not.toContain('secret_table');
    expect(prod.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    const dev = format(boom, true);
    expect(dev.message).toContain('secret_table');
    expect(dev.extensions?.stacktrace).toBeDefined();
  });
});
