import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from './domain-error.js';

/**
 * Refusals are expected outcomes, not faults: hand them to GraphQL (formatError gives them their
 * code) without Nest logging each one as an error with a stack.
 */
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: DomainError, _host: ArgumentsHost): DomainError {
    return error;
  }
}
