import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { HttpDomainError } from '../security/security.errors.js';
import { DomainError, type ErrorCode } from './domain-error.js';

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};

/**
 * Refusals are expected outcomes, not faults: hand them to GraphQL (formatError gives them their
 * code) without Nest logging each one as an error with a stack. On a plain HTTP route (files,
 * feeds; a refusal of a guard such as the rate limit) they answer in the same shape as over
 * GraphQL, `{ errors: [{ message, extensions: { code, ...details } }] }`, with the status and
 * headers of the code: a filter that returned there would leave the request hanging.
 */
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter, ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): DomainError | void {
    if (host.getType<string>() !== 'http') return error;
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const http = error instanceof HttpDomainError ? error.extensions.http : undefined;
    // a route's own @Header()s (text/calendar, a download's filename, public caching) were set
    // before it ran: an error is JSON, never cached, and no attachment
    res.removeHeader('content-disposition');
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
    res.status(http?.status ?? HTTP_STATUS[error.code] ?? 400).json({ errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] });
  }
}
