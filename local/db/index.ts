export {
  Database,
  type IndexSpec,
  type OpenOptions,
  type FindOptions,
  type UpdateOptions,
  type UpdateResult,
} from './engine';
export { DbError, type ErrorCode } from './errors';
export { DATABASE_ACTIONS, handleDatabaseAction } from './protocol';
export type { Doc, DocId } from './values';
