/**
 * The shapes of the queries the functions make through the local CloudBase: collection, the
 * filter's fields with the kind of condition on each, and the sort. Values are dropped, so a run
 * of the demo leaves a short list — what the indexes in the provisioning plan must serve
 * (tests/integration/query-shapes.test.ts). Off unless a log is handed to startLocalCloudBase,
 * which records only calls made by a function invocation (not the seed's own lookups).
 */
import { parseEJSON, type Doc } from './db/values';

/** How a field is constrained: equal to one value, to one of a list, or a range (anything else). */
export type Condition = 'eq' | 'in' | 'range';

export interface QueryShape {
  collection: string;
  /** What sent it: get, count, update, remove or aggregate (its first $match and $sort). */
  via: string;
  filter: Record<string, Condition>;
  sort: Array<[field: string, direction: 1 | -1]>;
}

/** An index as the plan declares it: keys in order. */
export interface IndexKeys {
  keys: Record<string, 1 | -1>;
}

const VIA: Record<string, string> = {
  'database.getDocument': 'get',
  'database.calculateDocument': 'count',
  'database.modifyDocument': 'update',
  'database.modifyAndReturnDoc': 'update',
  'database.removeDocument': 'remove',
  'database.aggregateDocuments': 'aggregate',
};

const STRENGTH: Record<Condition, number> = { range: 0, in: 1, eq: 2 };

const isOperatorObject = (v: unknown): v is Doc =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  !(v instanceof Date) &&
  Object.keys(v).length > 0 &&
  Object.keys(v).every((k) => k.startsWith('$'));

function conditionOf(value: unknown): Condition {
  if (!isOperatorObject(value)) return 'eq';
  if ('$eq' in value) return 'eq';
  if ('$in' in value) return 'in';
  return 'range';
}

type Filter = Record<string, Condition>;

/** Two filters that must both hold: on a field named in both, the stronger condition counts. */
function merge(a: Filter, b: Filter): Filter {
  const out = { ...a };
  for (const [field, c] of Object.entries(b))
    if (!(field in out) || STRENGTH[c] > STRENGTH[out[field]]) out[field] = c;
  return out;
}

/** The alternative filters of a query: one, or one per branch of an $or (each needs its index). */
export function filtersOf(query: Doc): Filter[] {
  let alternatives: Filter[] = [{}];
  const and = (branches: Filter[]) => {
    alternatives = alternatives.flatMap((a) => branches.map((b) => merge(a, b)));
  };
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value as Doc[]) and(filtersOf(part));
    } else if (key === '$or' && Array.isArray(value)) {
      and((value as Doc[]).flatMap((branch) => filtersOf(branch)));
    } else if (key.startsWith('$')) {
      // $nor and the like select by exclusion: no index narrows them, so they add no field.
      continue;
    } else {
      and([{ [key]: conditionOf(value) }]);
    }
  }
  return alternatives;
}

function parsed(value: unknown): Doc {
  return typeof value === 'string' ? (parseEJSON(value, Date.now()) as Doc) : {};
}

function sortOf(order: Doc): QueryShape['sort'] {
  return Object.entries(order).map(([f, d]) => [f, Number(d) < 0 ? -1 : 1]);
}

/** The shapes one SDK call carries (none for inserts, transactions and single-document calls). */
export function shapesOf(action: string, params: Record<string, unknown>): QueryShape[] {
  const via = VIA[action];
  if (!via || typeof params.collectionName !== 'string') return [];
  let query: Doc = {};
  let sort: QueryShape['sort'] = [];
  if (via === 'aggregate') {
    const stages = (Array.isArray(params.stages) ? params.stages : []) as Array<{
      stageKey?: string;
      stageValue?: string;
    }>;
    if (stages[0]?.stageKey === '$match') query = parsed(stages[0].stageValue);
    const sortStage = stages[0]?.stageKey === '$match' ? stages[1] : stages[0];
    if (sortStage?.stageKey === '$sort') sort = sortOf(parsed(sortStage.stageValue));
  } else {
    query = parsed(params.query);
    sort = sortOf(parsed(params.order));
  }
  return filtersOf(query).map((filter) => ({
    collection: params.collectionName as string,
    via,
    filter,
    sort,
  }));
}

/** A lookup by `_id` (equal or in a list) needs no index of ours: `_id` is always indexed. */
export function isIdLookup(shape: QueryShape): boolean {
  return shape.filter._id === 'eq' || shape.filter._id === 'in';
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/**
 * Whether the index serves the shape by MongoDB's ESR rule: it starts with equality (or
 * in-list) fields of the query, goes on with the sort keys in order (all in the index's
 * direction or all reversed) and then with every range field. Equality conditions the index
 * leaves out are checked on the documents it finds (they can only drop documents, never cost a
 * sort or an unbounded scan); a sort key the query pins to one value needs no order. A query
 * with no condition and no sort is a scan that no index serves.
 */
export function serves(index: IndexKeys, shape: QueryShape): boolean {
  const keys = Object.entries(index.keys);
  const fields = Object.entries(shape.filter);
  if (fields.length === 0 && shape.sort.length === 0) return false;
  const equal = fields.filter(([, c]) => c !== 'range').map(([f]) => f);
  const sort = shape.sort.filter(([f]) => shape.filter[f] !== 'eq');
  const sorted = sort.map(([f]) => f);
  const range = fields.filter(([f, c]) => c === 'range' && !sorted.includes(f)).map(([f]) => f);
  let at = 0;
  while (at < keys.length && equal.includes(keys[at][0])) at++;
  if (equal.length > 0 && at === 0) return false;
  const sortKeys = keys.slice(at, at + sort.length);
  const along = (sign: 1 | -1) =>
    sortKeys.length === sort.length &&
    sortKeys.every(([f, d], i) => f === sort[i][0] && d === sign * sort[i][1]);
  if (!along(1) && !along(-1)) return false;
  at += sort.length;
  return sameSet(
    keys.slice(at, at + range.length).map(([f]) => f),
    range,
  );
}

/** One line per shape: `units get {estateId:eq} sort _id:1`. */
export function describeShape(shape: QueryShape): string {
  const filter = Object.entries(shape.filter)
    .map(([f, c]) => `${f}:${c}`)
    .join(', ');
  const sort = shape.sort.map(([f, d]) => `${f}:${d}`).join(', ');
  return `${shape.collection} ${shape.via} {${filter}}${sort ? ` sort ${sort}` : ''}`;
}

/** Distinct shapes seen, with how often each was seen. */
export class QueryShapeLog {
  private readonly seen = new Map<string, { shape: QueryShape; count: number }>();

  record(action: string, params: Record<string, unknown>): void {
    let shapes: QueryShape[];
    try {
      shapes = shapesOf(action, params);
    } catch {
      return; // malformed parameters: the database action refuses them itself
    }
    for (const shape of shapes) {
      const key = describeShape({
        ...shape,
        filter: Object.fromEntries(Object.entries(shape.filter).sort()),
      });
      const entry = this.seen.get(key);
      if (entry) entry.count++;
      else this.seen.set(key, { shape, count: 1 });
    }
  }

  shapes(): Array<{ shape: QueryShape; count: number }> {
    return [...this.seen.values()];
  }
}
