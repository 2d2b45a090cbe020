/**
 * Where mingo and MongoDB (so the cloud) disagree, MongoDB's semantics: these replace or add to
 * mingo's operators in the context every query, update and pipeline runs with.
 */
// Typings of mingo's subpath modules, which our "node" module resolution cannot find itself.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./mingo-subpaths.d.ts" />
import { evalExpr } from 'mingo/core';
import { Query } from 'mingo/query';
import type { AnyObject, Options } from 'mingo/types/types';
import { $addToSet as mingoAddToSet, $push as mingoPush } from 'mingo/operators/accumulator';
import {
  $dayOfWeek as mingoDayOfWeek,
  $dayOfYear as mingoDayOfYear,
} from 'mingo/operators/expression/date';
import { $elemMatch as mingoElemMatch } from 'mingo/operators/query';
import { isArray, isObject, resolve } from 'mingo/util';
import { DbError } from './errors';

type QueryOperator = (
  selector: string,
  criteria: unknown,
  options: Options,
) => (doc: AnyObject) => boolean;
type ExpressionOperator = (obj: AnyObject, expr: unknown, options: Options) => unknown;
type AccumulatorOperator = (docs: AnyObject[], expr: unknown, options: Options) => unknown;

/** What MongoDB raises for a bad argument, which the cloud answers as DATABASE_REQUEST_FAILED. */
function invalidArgument(message: string): DbError {
  return new DbError('DATABASE_REQUEST_FAILED', message);
}

const isInteger = (v: unknown): v is number => Number.isInteger(v);

/** `{ $elemMatch: { $gt: 2 } }` tests each element; anything else names fields (or $and/$or/$nor). */
function testsElementsAsValues(criteria: AnyObject): boolean {
  const keys = Object.keys(criteria);
  return (
    keys.length > 0 && keys.every((k) => k.startsWith('$') && !['$and', '$or', '$nor'].includes(k))
  );
}

/**
 * Criteria on fields only match elements that are documents: MongoDB never matches a plain
 * value against `{ value: { $gt: 0 } }` (mingo 7 does).
 */
const $elemMatch: QueryOperator = (selector, criteria, options) => {
  if (testsElementsAsValues(criteria as AnyObject))
    return (mingoElemMatch as QueryOperator)(selector, criteria, options);
  const query = new Query(criteria as AnyObject, options);
  return (doc: AnyObject) => {
    const value = resolve(doc, selector, { unwrapArray: true });
    return (
      isArray(value) &&
      value.some((el) => (isObject(el) || isArray(el)) && query.test(el as AnyObject))
    );
  };
};

/** MongoDB (strftime %U): weeks start on Sunday; days before the year's first Sunday are week 0. */
const $week: ExpressionOperator = (obj, expr, options) => {
  const yearDay = ((mingoDayOfYear as ExpressionOperator)(obj, expr, options) as number) - 1;
  const weekDay = ((mingoDayOfWeek as ExpressionOperator)(obj, expr, options) as number) - 1;
  return Math.floor((yearDay + 7 - weekDay) / 7);
};

/**
 * `[string, byteIndex, byteCount]` on UTF-8 bytes. As in MongoDB, a negative count or one past
 * the end takes the rest of the string; an index past the end gives "".
 */
const $substrBytes: ExpressionOperator = (obj, expr, options) => {
  if (!isArray(expr) || expr.length !== 3)
    throw invalidArgument('$substrBytes expects [string, index, count]');
  const [s, index, count] = evalExpr(obj, expr, options) as unknown[];
  if (!isInteger(index) || index < 0)
    throw invalidArgument('$substrBytes: the starting index must be a non-negative integer');
  if (!isInteger(count)) throw invalidArgument('$substrBytes: the length must be an integer');
  if (s === null || s === undefined) return '';
  if (typeof s !== 'string')
    throw invalidArgument('$substrBytes: the first argument must be a string');
  const bytes = Buffer.from(s, 'utf8');
  const start = Math.min(index, bytes.length);
  const end = count < 0 ? bytes.length : Math.min(start + count, bytes.length);
  const inside = (i: number): boolean => i < bytes.length && (bytes[i] & 0xc0) === 0x80;
  if (inside(start))
    throw invalidArgument('$substrBytes: the starting index is inside a UTF-8 character');
  if (inside(end))
    throw invalidArgument('$substrBytes: the ending index is inside a UTF-8 character');
  return bytes.subarray(start, end).toString('utf8');
};

/**
 * `[string, substring, start?, end?]`: where substring first occurs in string[start, end), -1 if
 * nowhere, null for a missing string; positions in UTF-8 bytes or code points (mingo counts
 * UTF-16 units for both).
 */
function indexOf(op: string, units: (s: string) => ArrayLike<number | string>): ExpressionOperator {
  return (obj, expr, options) => {
    if (!isArray(expr) || expr.length < 2 || expr.length > 4)
      throw invalidArgument(`${op} expects [string, substring, start?, end?]`);
    const [s, sub, start = 0, end] = evalExpr(obj, expr, options) as unknown[];
    if (s === null || s === undefined) return null;
    if (typeof s !== 'string') throw invalidArgument(`${op}: the first argument must be a string`);
    if (typeof sub !== 'string')
      throw invalidArgument(`${op}: the second argument must be a string`);
    const text = units(s);
    const needle = units(sub);
    const last = end ?? text.length;
    if (!isInteger(start) || start < 0 || !isInteger(last) || last < 0)
      throw invalidArgument(`${op}: start and end must be non-negative integers`);
    const stop = Math.min(last, text.length);
    for (let i = start; i + needle.length <= stop; i++) {
      let j = 0;
      while (j < needle.length && text[i + j] === needle[j]) j++;
      if (j === needle.length) return i;
    }
    return -1;
  };
}

/** MongoDB's $push and $addToSet leave out documents where the value is missing (mingo adds null). */
function skippingMissing(accumulate: AccumulatorOperator): AccumulatorOperator {
  return (docs, expr, options) => {
    const types = (mingoPush as AccumulatorOperator)(docs, { $type: expr }, options) as string[];
    return accumulate(
      docs.filter((_, i) => types[i] !== 'missing'),
      expr,
      options,
    );
  };
}

export const QUERY_OVERRIDES = { $elemMatch };

export const ACCUMULATOR_OVERRIDES = {
  $push: skippingMissing(mingoPush as AccumulatorOperator),
  $addToSet: skippingMissing(mingoAddToSet as AccumulatorOperator),
};

export const EXPRESSION_OVERRIDES = {
  $week,
  $substrBytes,
  // Deprecated in MongoDB: an alias of $substrBytes.
  $substr: $substrBytes,
  $indexOfBytes: indexOf('$indexOfBytes', (s) => Buffer.from(s, 'utf8')),
  $indexOfCP: indexOf('$indexOfCP', (s) => Array.from(s)),
};
