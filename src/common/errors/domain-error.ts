/** The contract's error codes (../shared/contract/README.md, "Errors"). */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS';

/** A refusal the caller can act on; its message is safe to show and its code is the contract's. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const unauthenticated = (message = 'ログインが必要です (authentication required)') => new DomainError('UNAUTHENTICATED', message);
export const forbidden = (message = 'この操作は許可されていません (forbidden)') => new DomainError('FORBIDDEN', message);
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} が見つかりません (not found)`);
export const conflict = (message: string) => new DomainError('CONFLICT', message);

/** A validation failure naming the fields at fault, e.g. `input.title`. */
export function badInput(fields: { field: string; message: string }[]): DomainError {
  const message = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new DomainError('BAD_USER_INPUT', message, { fields });
}
