import type { ErrorCode, RowError } from '../typings/api';

/**
 * A refusal the user should see. Thrown anywhere in a command; the handler turns it into
 * `{ ok: false, code, message }`. Anything else thrown is a bug and becomes INTERNAL.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: RowError[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function invalid(field: string, message: string): AppError {
  return new AppError('INVALID_INPUT', message, field);
}
