/**
 * `$jsonSchema` as MongoDB evaluates it: JSON Schema draft 4 without `$ref`, `$schema`,
 * `default`, `definitions`, `format` and `id`, plus `bsonType`. Keywords that constrain one kind
 * of value (strings, numbers, objects, arrays) pass every other kind, as in JSON Schema.
 */
import { Binary, Decimal128, Long, ObjectId, Timestamp } from 'bson';
import { DbError } from './errors';
import { canonicalKey, type Doc } from './values';

type Schema = Record<string, unknown>;

const KEYWORDS = new Set([
  'bsonType',
  'type',
  'enum',
  'required',
  'properties',
  'additionalProperties',
  'patternProperties',
  'minProperties',
  'maxProperties',
  'dependencies',
  'items',
  'additionalItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'title',
  'description',
]);

/** JSON types MongoDB accepts in `type` ('integer' is not one), each as the BSON types it covers. */
const JSON_TYPES: Record<string, string[]> = {
  object: ['object'],
  array: ['array'],
  number: ['int', 'long', 'double', 'decimal'],
  boolean: ['bool'],
  string: ['string'],
  null: ['null'],
};

function unsupported(message: string): DbError {
  return new DbError('DATABASE_INVALID_OPERRATOR', `$jsonSchema: ${message}`);
}

const isPlainObject = (v: unknown): v is Doc =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** The BSON type a stored value has (numbers as the SDK sends them: int32 range integers are int). */
function bsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  if (v instanceof ObjectId) return 'objectId';
  if (v instanceof Long) return 'long';
  if (v instanceof Decimal128) return 'decimal';
  if (v instanceof Binary) return 'binData';
  if (v instanceof Timestamp) return 'timestamp';
  return 'object';
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v : [v]) as string[];

/** Refuses, when the query arrives, keywords MongoDB does not know or does not support. */
function check(schema: unknown): asserts schema is Schema {
  if (!isPlainObject(schema))
    throw new DbError('DATABASE_REQUEST_FAILED', '$jsonSchema must be an object');
  for (const [key, value] of Object.entries(schema)) {
    if (!KEYWORDS.has(key)) throw unsupported(`keyword '${key}' is not supported`);
    if (key === 'type') {
      const bad = list(value).find((t) => !Object.hasOwn(JSON_TYPES, t));
      if (bad !== undefined) throw unsupported(`type '${bad}' is not supported`);
    }
    if (['not', 'additionalProperties', 'additionalItems'].includes(key) && isPlainObject(value))
      check(value);
    if (['allOf', 'anyOf', 'oneOf'].includes(key)) (value as unknown[]).forEach(check);
    if (key === 'items') list(value).forEach(check);
    if (['properties', 'patternProperties'].includes(key))
      Object.values(value as Schema).forEach(check);
    if (key === 'dependencies')
      Object.values(value as Schema).forEach((d) => Array.isArray(d) || check(d));
  }
}

function matchesObject(s: Schema, o: Doc): boolean {
  const keys = Object.keys(o);
  if ((s.required as string[] | undefined)?.some((k) => !Object.hasOwn(o, k))) return false;
  if (s.minProperties !== undefined && keys.length < (s.minProperties as number)) return false;
  if (s.maxProperties !== undefined && keys.length > (s.maxProperties as number)) return false;
  const properties = (s.properties ?? {}) as Record<string, Schema>;
  const patterns = Object.entries((s.patternProperties ?? {}) as Record<string, Schema>).map(
    ([p, schema]) => [new RegExp(p, 'u'), schema] as const,
  );
  for (const key of keys) {
    let described = false;
    if (Object.hasOwn(properties, key)) {
      described = true;
      if (!matches(properties[key], o[key])) return false;
    }
    for (const [re, schema] of patterns) {
      if (!re.test(key)) continue;
      described = true;
      if (!matches(schema, o[key])) return false;
    }
    const extra = s.additionalProperties;
    if (!described && (extra === false || (isPlainObject(extra) && !matches(extra, o[key]))))
      return false;
  }
  for (const [key, dependency] of Object.entries((s.dependencies ?? {}) as Schema)) {
    if (!Object.hasOwn(o, key)) continue;
    if (
      Array.isArray(dependency)
        ? dependency.some((k) => !Object.hasOwn(o, k))
        : !matches(dependency as Schema, o)
    )
      return false;
  }
  return true;
}

function matchesArray(s: Schema, a: unknown[]): boolean {
  if (s.minItems !== undefined && a.length < (s.minItems as number)) return false;
  if (s.maxItems !== undefined && a.length > (s.maxItems as number)) return false;
  if (s.uniqueItems === true && new Set(a.map(canonicalKey)).size !== a.length) return false;
  if (Array.isArray(s.items)) {
    const tuple = s.items as Schema[];
    if (!tuple.every((schema, i) => i >= a.length || matches(schema, a[i]))) return false;
    const rest = a.slice(tuple.length);
    const extra = s.additionalItems;
    if (extra === false && rest.length > 0) return false;
    if (isPlainObject(extra) && !rest.every((v) => matches(extra, v))) return false;
  } else if (isPlainObject(s.items) && !a.every((v) => matches(s.items as Schema, v))) {
    return false;
  }
  return true;
}

function matchesNumber(s: Schema, n: number): boolean {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = s as Record<
    string,
    number | boolean | undefined
  >;
  if (
    minimum !== undefined &&
    (exclusiveMinimum ? n <= (minimum as number) : n < (minimum as number))
  )
    return false;
  if (
    maximum !== undefined &&
    (exclusiveMaximum ? n >= (maximum as number) : n > (maximum as number))
  )
    return false;
  return multipleOf === undefined || Number.isInteger(n / (multipleOf as number));
}

function matchesString(s: Schema, str: string): boolean {
  const length = Array.from(str).length;
  if (s.minLength !== undefined && length < (s.minLength as number)) return false;
  if (s.maxLength !== undefined && length > (s.maxLength as number)) return false;
  return s.pattern === undefined || new RegExp(s.pattern as string, 'u').test(str);
}

function matches(s: Schema, v: unknown): boolean {
  const bsonType = bsonTypeOf(v);
  if (s.bsonType !== undefined) {
    const wanted = list(s.bsonType);
    const numeric = wanted.includes('number') && JSON_TYPES.number.includes(bsonType);
    if (!wanted.includes(bsonType) && !numeric) return false;
  }
  if (s.type !== undefined && !list(s.type).some((t) => JSON_TYPES[t].includes(bsonType)))
    return false;
  if (
    s.enum !== undefined &&
    !(s.enum as unknown[]).some((e) => canonicalKey(e) === canonicalKey(v))
  )
    return false;
  if (typeof v === 'number' && !matchesNumber(s, v)) return false;
  if (typeof v === 'string' && !matchesString(s, v)) return false;
  if (Array.isArray(v) && !matchesArray(s, v)) return false;
  if (isPlainObject(v) && !matchesObject(s, v)) return false;
  if (s.allOf !== undefined && !(s.allOf as Schema[]).every((x) => matches(x, v))) return false;
  if (s.anyOf !== undefined && !(s.anyOf as Schema[]).some((x) => matches(x, v))) return false;
  if (s.oneOf !== undefined && (s.oneOf as Schema[]).filter((x) => matches(x, v)).length !== 1)
    return false;
  return s.not === undefined || !matches(s.not as Schema, v);
}

/** mingo's `jsonSchemaValidator` option: compiles a schema into a test of whole documents. */
export function jsonSchemaValidator(schema: unknown): (doc: Doc) => boolean {
  check(schema);
  return (doc) => matches(schema, doc);
}
