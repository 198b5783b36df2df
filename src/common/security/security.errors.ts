import { HeaderMap } from '@apollo/server';
import { DomainError } from '../errors/domain-error.js';

/**
 * A refusal with its HTTP status. graphql-js copies an error's `extensions` onto the GraphQLError
 * it wraps it in and Apollo takes `extensions.http` for the response (then drops it), so this works
 * from a plugin hook and from a resolver alike; the contract code and the details come from
 * DomainError through format-error.ts.
 */
export class HttpDomainError extends DomainError {
  readonly extensions: { http: { status: number; headers: HeaderMap } };

  constructor(code: DomainError['code'], message: string, details: Record<string, unknown>, status: number, headers: [string, string][] = []) {
    super(code, message, details);
    this.extensions = { http: { status, headers: new HeaderMap(headers) } };
  }
}

/** TOO_MANY_REQUESTS, HTTP 429, with `retryAfter` seconds in the extensions and a Retry-After header. */
export function tooManyRequests(message: string, retryAfterMs: number): HttpDomainError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpDomainError('TOO_MANY_REQUESTS', message, { retryAfter }, 429, [['retry-after', String(retryAfter)]]);
}

/** BAD_USER_INPUT, HTTP 400, for a document the server will not run (`reason` says which limit). */
export function documentRefused(message: string, details: Record<string, unknown>): HttpDomainError {
  return new HttpDomainError('BAD_USER_INPUT', message, details, 400);
}
