/**
 * The MongoDB language, evaluated by mingo. Every entry point refuses operators the
 * local CloudBase cannot evaluate faithfully, so a query never silently returns a wrong result.
 */
import { Aggregator, Query, find, update as mingoUpdate } from 'mingo';
import type { Options } from 'mingo/types/types';
import { DbError } from './errors';
import { clone, type Doc } from './values';

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

const BASE_OPTIONS: Partial<Options> = { idKey: '_id', scriptEnabled: false };

function unsupported(op: string, what: string): DbError {
  return new DbError(
    'DATABASE_UNSUPPORTED_OPERATOR',
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

/** Runs mingo, turning its errors into the codes the SDK understands. */
function evaluate<T>(spec: unknown, run: () => T): T {
  assertSupported(spec);
  try {
    return run();
  } catch (e) {
    if (e instanceof DbError) throw e;
    const message = (e as Error).message;
    if (/unknown|unregistered/i.test(message))
      throw new DbError('DATABASE_UNSUPPORTED_OPERATOR', message);
    throw new DbError('INVALID_PARAM', message);
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
    let cursor = find(matched, {}, page.projection, BASE_OPTIONS);
    if (page.sort) cursor = cursor.sort(page.sort);
    cursor = cursor.skip(skip);
    if (limit !== Infinity) cursor = cursor.limit(limit);
    return cursor.all().map(clone);
  });
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
