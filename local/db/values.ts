import { randomBytes } from 'node:crypto';
import { EJSON, ObjectId } from 'bson';
import { DbError } from './errors';

export type Doc = Record<string, unknown>;
/** Strings and numbers are distinct ids; `db.ObjectId(...)` arrives as an ObjectId. */
export type DocId = string | number | ObjectId;

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Deep copy of document data. Class instances other than Date (e.g. ObjectId) are immutable and shared. */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(clone) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const k of Object.keys(v)) out[k] = clone((v as Doc)[k]);
  return out as T;
}

/** MongoDB regex options map to JS flags, except `x` (extended) which JS lacks. */
function toRegExp(pattern: string, options: string): RegExp {
  const bad = [...options].find((o) => !'imsu'.includes(o));
  if (bad)
    throw new DbError(
      'DATABASE_INVALID_OPERRATOR',
      `regular expression option "${bad}" is not supported`,
    );
  try {
    return new RegExp(pattern, options);
  } catch (e) {
    throw new DbError(
      'DATABASE_REQUEST_FAILED',
      `invalid regular expression /${pattern}/: ${(e as Error).message}`,
    );
  }
}

/**
 * Turns parsed EJSON into engine values, in place: BSON regexes become RegExp and
 * `db.serverDate()` (`{ $tcb_server_date: { offset } }`) becomes a Date at `now + offset`.
 */
function revive(v: unknown, now: number): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i], now);
    return v;
  }
  const bsonType = (v as { _bsontype?: string })._bsontype;
  if (bsonType === 'BSONRegExp') {
    const r = v as { pattern: string; options: string };
    return toRegExp(r.pattern, r.options);
  }
  if (!isPlainObject(v)) return v;
  const o = v as Doc;
  const serverDate = o.$tcb_server_date as { offset?: unknown } | undefined;
  if (serverDate !== undefined && Object.keys(o).length === 1) {
    return new Date(now + (Number(serverDate.offset) || 0));
  }
  for (const k of Object.keys(o)) o[k] = revive(o[k], now);
  return o;
}

/** Parses one EJSON string from the SDK into engine values; `now` resolves server dates. */
export function parseEJSON(text: string, now: number): unknown {
  let parsed: unknown;
  try {
    parsed = EJSON.parse(text);
  } catch (e) {
    throw new DbError('INVALID_PARAM', `invalid EJSON: ${(e as Error).message}`);
  }
  return revive(parsed, now);
}

/** Relaxed EJSON keeps Date, RegExp and ObjectId types and plain JSON numbers. */
export function toEJSON(v: unknown): string {
  return EJSON.stringify(v as Doc, { relaxed: true });
}

/**
 * A value as the cloud answers it to the SDK: EJSON, except that ObjectIds are their hex strings
 * (the SDK would turn `{ $oid }` into an ObjectId it then formats as `{}`).
 */
export function toAnswer(v: unknown): string {
  const oidAsHex = (_key: string, value: unknown): unknown => (isOid(value) ? value.$oid : value);
  return EJSON.stringify(v as Doc, oidAsHex, undefined, { relaxed: true });
}

/** The serialized form of an ObjectId (field names starting with `$` are never stored, see assertStorable). */
function isOid(v: unknown): v is { $oid: string } {
  return v !== null && typeof v === 'object' && Object.keys(v).length === 1 && '$oid' in v;
}

/** An id as the SDK reads it in `insertedIds` and `upsert_id`: ObjectIds as hex strings. */
export function answerId(id: DocId): string | number {
  return id instanceof ObjectId ? id.toHexString() : id;
}

/**
 * MongoDB refuses to store field names starting with `$`; the cloud answers
 * DATABASE_REQUEST_FAILED. Operators and special values were parsed away before this point.
 */
export function assertStorable(v: unknown): void {
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) return v.forEach(assertStorable);
  if (!isPlainObject(v)) return;
  for (const [k, child] of Object.entries(v)) {
    if (k.startsWith('$'))
      throw new DbError(
        'DATABASE_REQUEST_FAILED',
        `The dollar ($) prefixed field '${k}' is not valid for storage.`,
      );
    assertStorable(child);
  }
}

/** A typed, order-sensitive key for comparing values (unique indexes, change detection). */
export function canonicalKey(v: unknown): string {
  return EJSON.stringify({ v } as Doc, { relaxed: false });
}

/** Like the cloud: 32 hex characters, starting with the creation time so ids roughly sort by age. */
export function newDocId(): string {
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return seconds + randomBytes(12).toString('hex');
}

export function getPath(doc: Doc, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Doc)[part];
  }
  return cur;
}

export function isDocId(v: unknown): v is DocId {
  return (
    typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || v instanceof ObjectId
  );
}

/** A key equal for equal ids and distinct across types (the string "1", the number 1, an ObjectId). */
export function idKey(id: DocId): string {
  if (typeof id === 'string') return `s${id}`;
  if (typeof id === 'number') return `n${id}`;
  return `o${id.toHexString()}`;
}
