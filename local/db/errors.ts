/** Error codes the local CloudBase answers with; the DATABASE_* ones are the cloud's own. */
export type ErrorCode =
  | 'INVALID_PARAM'
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  /** Spelled as the cloud spells it: an operator the database does not support. */
  | 'DATABASE_INVALID_OPERRATOR'
  /** What MongoDB itself refused (e.g. a field name starting with `$`). */
  | 'DATABASE_REQUEST_FAILED'
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

/** The cloud's own messages, word for word: code that matches on them behaves the same here. */
export const CLOUD_MESSAGES = {
  collectionNotExist:
    '[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, contact us.',
  collectionExists: '[ResourceUnavailable.ResourceExist] Table exist.',
  transactionConflict:
    '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.',
  transactionNotExist:
    '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.',
} as const;
