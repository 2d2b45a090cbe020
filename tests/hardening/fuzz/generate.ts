/**
 * Payloads for the fuzz suite, generated from each command's schema shape (core/validate.ts):
 * mostly near-valid ones — right fields, real ids of this and the other estate — with one
 * thing wrong, so that they get past validation into the rules as often as they are stopped at
 * it. Deterministic: the same seed, action and index give the same payload.
 */
import type { Shape } from '../../../core/validate';

/** mulberry32: small, fast, good enough to pick test cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable number for a text (FNV-1a), to give each action its own stream of the seed. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Rng {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/**
 * Numbers JSON.stringify cannot write: the body carries `1e999` (parsed as Infinity), and
 * NaN, which no JSON can carry, goes as the string "NaN" (and as null, what JSON makes of it).
 */
export const RAW = {
  inf: '__fuzz_inf__',
  negInf: '__fuzz_neg_inf__',
  negZero: '__fuzz_neg_zero__',
};

/** The event as the body to post: JSON, with the RAW markers turned into the numbers they stand for. */
export function toBody(event: unknown): string {
  return JSON.stringify(event)
    .replaceAll(`"${RAW.inf}"`, '1e999')
    .replaceAll(`"${RAW.negInf}"`, '-1e999')
    .replaceAll(`"${RAW.negZero}"`, '-0');
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Texts a person, a broken client or an attacker might send. */
const TEXTS = [
  '',
  ' ',
  '\t\n ',
  '\u0000',
  'a\u0007b',
  '\ud800', // a lone high surrogate
  'x\udc00y', // a lone low surrogate
  '\u202e右到左覆盖',
  '\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b',
  '\ufeff字节序标记',
  '🏠👨‍👩‍👧‍👦🇨🇳',
  'é\u0301\u0301\u0301',
  'مرحبا بالعالم',
  '$where',
  '$gt',
  '{"$gt":""}',
  'a.b.c',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE units; --",
  '%s%s%n',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-1',
  '1e999',
  'null',
  'true',
  '正常的中文内容，用于测试',
];

const DATES = [
  '1899-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00.000Z',
  '2999-01-01T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '9999-12-31T23:59:59Z',
  '2024-02-30T10:00:00Z',
  '2025-13-01',
  '0000-00-00',
  '2030-01-01T00:00:00+14:00',
  'now',
  'tomorrow',
  '',
];

const NUMBERS: unknown[] = [
  -1,
  0,
  0.5,
  -0.5,
  1.0000001,
  1e21,
  -1e21,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  RAW.inf,
  RAW.negInf,
  RAW.negZero,
  null,
  'NaN',
  'Infinity',
  '1',
  '100',
];

/**
 * Keys that must never become properties of anything on the server, and keys an error message
 * might quote (cut in the middle of an emoji, written right to left).
 */
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '$where',
  'estateId',
  '_id',
  'action',
  `${'k'.repeat(39)}🏠`,
  '\u202e键',
];

/** An object with an own, enumerable key (even `__proto__`, which a literal would not make). */
function withKey(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return target;
}

const hostileObjects = (): unknown[] => [
  {},
  [],
  [[[[[[[[[[[]]]]]]]]]]],
  { $gt: '' },
  { $ne: null },
  { $regex: '.*' },
  { $date: '2030-01-01T00:00:00Z' },
  withKey({}, '__proto__', { polluted: 'yes' }),
  { constructor: { prototype: { polluted: 'yes' } } },
];

/** Ids for a field, by name: `proposalId` → the proposals of both estates, and so on. */
export type Pools = Record<string, string[]>;

export interface GenContext {
  rng: Rng;
  pools: Pools;
  now: number;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

function alnum(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[rng.int(ALNUM.length)];
  return out;
}

/** Candidate texts for a pattern the generator cannot invert: the first that matches is used. */
const PATTERN_SAMPLES = ['cloud://gongzhi-local.bucket/fuzz/photo.jpg'];

/** Field names that hold a time in a plain text field (a campaign's deadline, a page cursor). */
const TIMELIKE = /deadline|date|before|At$/i;

function validString(
  shape: Extract<Shape, { kind: 'string' }>,
  field: string,
  c: GenContext,
): string {
  const { rng } = c;
  const length = Math.max(shape.min, Math.min(shape.max, shape.min + rng.int(12)));
  if (TIMELIKE.test(field) && shape.max >= 10 && rng.chance(0.7))
    return new Date(c.now + rng.int(60) * DAY).toISOString().slice(0, shape.max);
  const candidates = shape.pattern
    ? [alnum(rng, length), ...PATTERN_SAMPLES]
    : [rng.chance(0.5) ? '邻里和睦共建美好家园'.repeat(8).slice(0, length) : alnum(rng, length)];
  return candidates.find((t) => !shape.pattern || shape.pattern.test(t)) ?? candidates[0];
}

/** A value `shape` accepts (best effort), using real ids where the field names one. */
export function validValue(shape: Shape | undefined, field: string, c: GenContext): unknown {
  const { rng } = c;
  if (shape?.kind === 'optional') return validValue(shape.inner, field, c);
  const fits = (v: string) => shape?.kind !== 'string' || !shape.pattern || shape.pattern.test(v);
  const pool = (c.pools[field] ?? []).filter(fits);
  if (pool.length > 0 && (!shape || shape.kind === 'string')) return rng.pick(pool);
  if (!shape) return rng.pick(TEXTS);
  switch (shape.kind) {
    case 'string':
      return validString(shape, field, c);
    case 'int': {
      const span = Math.min(shape.max - shape.min, 1_000_000);
      return rng.pick([shape.min, shape.min + rng.int(span + 1), Math.min(shape.max, 1_000_000)]);
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'oneOf':
      return rng.pick(shape.values);
    case 'date':
      return new Date(c.now + (rng.int(60 * 24) - 2 * 24) * HOUR).toISOString();
    case 'array': {
      // `buildingIds` holds buildingId's.
      const n = Math.min(shape.max, shape.min + rng.int(3));
      return Array.from({ length: n }, () => validValue(shape.item, field.replace(/s$/, ''), c));
    }
    case 'object':
      return validObject(shape, c);
  }
}

function validObject(shape: Extract<Shape, { kind: 'object' }>, c: GenContext) {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape.fields)) {
    // Optional fields come and go, so every combination gets its turn.
    if (field?.kind === 'optional' && c.rng.chance(0.5)) continue;
    out[key] = validValue(field, key, c);
  }
  return out;
}

/** Something `shape` should refuse, or at least not expect: the catalogue above, and its edges. */
export function hostileValue(shape: Shape | undefined, field: string, c: GenContext): unknown {
  const { rng } = c;
  const inner = shape?.kind === 'optional' ? shape.inner : shape;
  const pick = rng.int(10);
  if (pick === 0) return rng.pick(hostileObjects());
  if (pick === 1) return rng.pick(NUMBERS);
  if (pick === 2) return rng.pick(TEXTS);
  if (pick === 3) return rng.chance(0.5) ? rng.chance(0.5) : rng.pick([0, 1, 'yes', 'false']);
  if (pick === 4) {
    // Huge: past any limit, well within the gateway's 1 MB.
    const unit = rng.pick(['x', '字', '🏠', '\u200b']);
    return unit.repeat(rng.pick([1_001, 5_001, 60_000]));
  }
  switch (inner?.kind) {
    case 'string': {
      // Past the limit, but not past the gateway's 1 MB (that answers 413 before any function).
      const edge = Math.min(rng.pick([inner.min - 1, inner.max, inner.max + 1]), 200_001);
      if (c.pools[field]?.length && rng.chance(0.5))
        return `${rng.pick(c.pools[field])}${rng.pick([' ', '\u200b', 'x', '.'])}`;
      return 'a'.repeat(Math.max(0, edge));
    }
    case 'int':
      return rng.pick([
        inner.min - 1,
        inner.max + 1,
        -inner.max,
        inner.min + 0.5,
        -0.01,
        String(inner.min),
      ]);
    case 'oneOf':
      return rng.pick([
        `${rng.pick(inner.values)} `,
        rng.pick(inner.values).toUpperCase(),
        'other',
      ]);
    case 'date':
      return rng.pick([
        ...DATES,
        new Date(c.now - 100 * 365 * DAY).toISOString(),
        new Date(c.now + 100 * 365 * DAY).toISOString(),
        new Date(c.now - 5 * 60_000).toISOString(),
        new Date(c.now + rng.int(400) * DAY).toISOString(),
        c.now,
      ]);
    case 'array':
      return rng.pick([
        Array.from({ length: inner.max + 1 }, () => validValue(inner.item, field, c)),
        [hostileValue(inner.item, field, c)],
        'not a list',
        { 0: 'a', length: 1 },
      ]);
    case 'object': {
      const o = validObject(inner, c);
      const keys = Object.keys(inner.fields);
      if (keys.length) o[rng.pick(keys)] = hostileValue(inner.fields[rng.pick(keys)], field, c);
      return o;
    }
    default:
      return rng.pick(TEXTS);
  }
}

export type Mutation = 'valid' | 'field' | 'missing' | 'extra' | 'shape';

/**
 * One payload for an action, without `action` (the runner adds it, or a hostile one). The mix:
 * a quarter valid as far as the generator can tell, half with one field hostile, the rest with
 * a field missing, an unknown or dangerous key added, or not an object at all.
 */
export function payload(
  shape: Shape | undefined,
  c: GenContext,
): { mutation: Mutation; body: unknown } {
  const { rng } = c;
  const fields = shape?.kind === 'object' ? shape : { kind: 'object' as const, fields: {} };
  const base = validObject(fields, c);
  const keys = Object.keys(fields.fields);
  const roll = rng.next();
  if (roll < 0.25) return { mutation: 'valid', body: base };
  if (roll < 0.75 && keys.length > 0) {
    const key = rng.pick(keys);
    base[key] = hostileValue(fields.fields[key], key, c);
    return { mutation: 'field', body: base };
  }
  if (roll < 0.82 && keys.length > 0) {
    delete base[rng.pick(keys)];
    return { mutation: 'missing', body: base };
  }
  if (roll < 0.95) {
    const key = rng.chance(0.7) ? rng.pick(HOSTILE_KEYS) : `extra_${alnum(rng, 4)}`;
    return { mutation: 'extra', body: withKey(base, key, rng.pick(hostileObjects())) };
  }
  return {
    mutation: 'shape',
    body: rng.pick([null, [], 'text', 42, [base], { payload: base }]),
  };
}
