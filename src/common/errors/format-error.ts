import { HttpException } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { MalformedIdError } from '../graphql/id-scalar.js';
import { DomainError, type ErrorCode } from './domain-error.js';

const HTTP_TO_CODE: Record<number, ErrorCode> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'BAD_USER_INPUT',
  429: 'TOO_MANY_REQUESTS',
};

/** Apollo's own codes for documents that never reach a resolver, mapped to the contract's. */
const APOLLO_TO_CODE: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: 'BAD_USER_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'BAD_USER_INPUT',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_FOUND: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_SUPPORTED: 'BAD_USER_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
};

/** graphql-js's message (execution/values.js) when a request's variables hold more than 50 errors. */
const VARIABLE_ERROR_LIMIT = /^Too many errors processing variables, error limit reached\./;

/**
 * The one place where errors become what clients see: a contract code for every refusal, the
 * fields at fault for bad input, and nothing of the server's insides (stack, SQL) in production.
 */
export function createFormatError(opts: { exposeInternals: boolean; onInternal?: (err: unknown) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
    }
    if (original instanceof HttpException) {
      const status = original.getStatus();
      const code = HTTP_TO_CODE[status];
      if (code) return { ...base, message: original.message, extensions: { code } };
    }
    // an ID that is not a UUID (id-scalar.ts): the field is named by the variable's path when it came
    // in variables ("$input" at "input.organizationId"), else by the variable
    if (original instanceof MalformedIdError) {
      const at = /got invalid value .*? at "([^"]+)";/.exec(formatted.message)?.[1] ?? /^Variable "\$([^"]+)"/.exec(formatted.message)?.[1];
      return { ...base, extensions: { code: 'BAD_USER_INPUT', reason: 'MALFORMED_ID', ...(at ? { fields: [{ field: at, message: original.message }] } : {}) } };
    }
    // errors of the document itself (parse, validation, variables) come from graphql/Apollo with no cause behind them
    const apolloCode = formatted.extensions?.code;
    const documentError = original instanceof GraphQLError;
    if (documentError && typeof apolloCode === 'string' && APOLLO_TO_CODE[apolloCode]) {
      return { ...base, extensions: { code: APOLLO_TO_CODE[apolloCode], reason: apolloCode } };
    }
    // graphql-js stops coercing variables after 50 errors and adds one bare error of its own (no
    // code): the 50 before it are the caller's bad input, and so is this one
    if (documentError && !formatted.path && VARIABLE_ERROR_LIMIT.test(formatted.message)) {
      return { ...base, extensions: { code: 'BAD_USER_INPUT', reason: 'VARIABLE_ERROR_LIMIT' } };
    }
    opts.onInternal?.(original);
    return {
      ...base,
      message: opts.exposeInternals && original instanceof Error ? original.message : 'サーバー内部のエラーです (internal server error)',
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(opts.exposeInternals && original instanceof Error ? { stacktrace: original.stack?.split('\n') } : {}) },
    };
  };
}
