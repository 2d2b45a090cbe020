/**
 * The MongoDB language, evaluated by mingo with MongoDB's semantics where they differ
 * (operators.ts). Every entry point refuses operators the local CloudBase cannot evaluate
 * faithfully, so a query never silently returns a wrong result.
 */
// Typings of mingo's subpath modules, which our "node" module resolution cannot find itself.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./mingo-subpaths.d.ts" />
import { Aggregator } from 'mingo/aggregator';
import { Context } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import type { Options } from 'mingo/types/types';
import { update as mingoUpdate } from 'mingo/updater';
import { DbError } from './errors';
import { jsonSchemaValidator } from './jsonschema';
import { ACCUMULATOR_OVERRIDES, EXPRESSION_OVERRIDES, QUERY_OVERRIDES } from './operators';
import { clone, getPath, type Doc } from './values';

export type SortSpec = Record<string, 1 | -1>;

/** Operators mingo lacks or that we refuse on purpose (scripts; stages writing elsewhere). */
const UNSUPPORTED: Record<string, string> = {
  $geoWithin: 'geo queries',
  $geoIntersects: 'geo queries',
  $near: 'geo queries',
  $nearSphere: 'geo queries',
  $geoNear: 'geo queries',
  $text: 'full-text search',
  $where: 'server-side JavaScript',
  $function: 'server-side JavaScript',
  $accumulator: 'server-side JavaScript',
  $out: 'aggregation output stages',
  $merge: 'aggregation output stages',
};

/** mingo's operators, with MongoDB's semantics where they differ. */
const CONTEXT = Context.init({
  accumulator: { ...accumulatorOperators, ...ACCUMULATOR_OVERRIDES },
  expression: { ...expressionOperators, ...EXPRESSION_OVERRIDES },
  pipeline: pipelineOperators,
  projection: projectionOperators,
  query: { ...queryOperators, ...QUERY_OVERRIDES },
  window: windowOperators,
});

const BASE_OPTIONS: Partial<Options> = {
  idKey: '_id',
  scriptEnabled: false,
  context: CONTEXT,
  jsonSchemaValidator,
};

/** The cloud's documented code (spelling included) for an operator it does not support. */
function unsupported(op: string, what: string): DbError {
  return new DbError(
    'DATABASE_INVALID_OPERRATOR',
    `operator ${op} (${what}) is not supported by the local CloudBase`,
  );
}

function assertSupported(v: unknown): void {
  if (v === null || typeof v !== 'object' || v instanceof Date || v instanceof RegExp) return;
  if (Array.isArray(v)) return v.forEach(assertSupported);
  for (const [k, child] of Object.entries(v)) {
    if (Object.hasOwn(UNSUPPORTED, k)) throw unsupported(k, UNSUPPORTED[k]);
    assertSupported(child);
  }
}

/**
 * Runs mingo, turning its errors into the cloud's codes: an operator it does not know is the
 * cloud's unsupported-operator error; anything else is what MongoDB would have refused while
 * evaluating, which the cloud answers as DATABASE_REQUEST_FAILED.
 */
function evaluate<T>(spec: unknown, run: () => T): T {
  assertSupported(spec);
  try {
    return run();
  } catch (e) {
    if (e instanceof DbError) throw e;
    const message = (e as Error).message;
    if (/unknown|not registered|unregistered/i.test(message))
      throw new DbError('DATABASE_INVALID_OPERRATOR', message);
    throw new DbError('DATABASE_REQUEST_FAILED', message);
  }
}

export function compileQuery(criteria: Doc): Query {
  return evaluate(criteria, () => new Query(criteria, BASE_OPTIONS));
}

export interface Page {
  sort?: SortSpec;
  skip?: number;
  limit?: number;
  projection?: Doc;
}

/** Filters, sorts, pages and projects; returns fresh copies. */
export function select(docs: Iterable<Doc>, query: Query, page: Page): Doc[] {
  const skip = page.skip ?? 0;
  const limit = page.limit ?? Infinity;
  const matched: Doc[] = [];
  for (const doc of docs) {
    if (!query.test(doc)) continue;
    matched.push(doc);
    // Without a sort the scan order is final, so stop as soon as the page is full.
    if (!page.sort && matched.length >= skip + limit) break;
  }
  return evaluate(page.projection, () => {
    let cursor = new Query<Doc>({}, BASE_OPTIONS).find<Doc>(matched, page.projection);
    if (page.sort) cursor = cursor.sort(page.sort);
    cursor = cursor.skip(skip);
    if (limit !== Infinity) cursor = cursor.limit(limit);
    return cursor.all().map(clone);
  });
}

/** What an operator's target field must already hold, if anything; mingo skips the rest silently. */
const TARGET_KIND: Record<string, 'number' | 'array'> = {
  $inc: 'number',
  $mul: 'number',
  $push: 'array',
  $addToSet: 'array',
  $pop: 'array',
  $pull: 'array',
  $pullAll: 'array',
};

/** MongoDB refuses e.g. `$inc` on a string or `$push` on a number, and changes nothing. */
function assertTargetKinds(doc: Doc, modifier: Doc): void {
  for (const [op, fields] of Object.entries(modifier)) {
    const kind = TARGET_KIND[op];
    if (!kind || fields === null || typeof fields !== 'object') continue;
    for (const path of Object.keys(fields)) {
      // Positional paths ($, $[], $[x]) name elements only mingo resolves.
      if (path.split('.').some((part) => part.startsWith('$'))) continue;
      const value = getPath(doc, path);
      if (value === undefined) continue;
      if (kind === 'number' ? typeof value !== 'number' : !Array.isArray(value)) {
        const held = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
        throw new DbError(
          'DATABASE_REQUEST_FAILED',
          `Cannot apply ${op} to '${path}': it must be ${kind === 'number' ? 'a number' : 'an array'}, not ${held}`,
        );
      }
    }
  }
}

/** Applies update operators to `doc` in place; returns whether anything changed. */
export function applyUpdate(doc: Doc, modifier: Doc): boolean {
  const keys = Object.keys(modifier);
  if (keys.length === 0 || keys.some((k) => !k.startsWith('$'))) {
    throw new DbError(
      'INVALID_PARAM',
      'an update must consist of update operators ($set, $inc, ...)',
    );
  }
  assertTargetKinds(doc, modifier);
  return evaluate(
    modifier,
    () =>
      mingoUpdate(doc, modifier, undefined, undefined, { queryOptions: BASE_OPTIONS }).length > 0,
  );
}

/** Runs a pipeline over copies (mingo mutates its inputs); `resolve` supplies $lookup collections. */
export function aggregate(
  docs: Iterable<Doc>,
  pipeline: Doc[],
  resolve: (name: string) => Iterable<Doc>,
): Doc[] {
  const resolved = new Map<string, Doc[]>();
  const collectionResolver = (name: string): Doc[] => {
    let list = resolved.get(name);
    if (!list) resolved.set(name, (list = Array.from(resolve(name), clone)));
    return list;
  };
  return evaluate(pipeline, () => {
    const aggregator = new Aggregator(pipeline, { ...BASE_OPTIONS, collectionResolver });
    return aggregator.run(Array.from(docs, clone)) as Doc[];
  });
}
