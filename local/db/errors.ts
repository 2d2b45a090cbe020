/** Error codes the local CloudBase answers with; the DATABASE_* ones are the cloud's own. */
export type ErrorCode =
  | 'INVALID_PARAM'
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_UNSUPPORTED_OPERATOR'
  | 'LOCAL_JOURNAL_FAILED'
  | 'LOCAL_UNSUPPORTED_ACTION';

/** An error that travels to the SDK as `{ code, message }`. */
export class DbError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}
