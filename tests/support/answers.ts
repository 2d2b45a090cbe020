/**
 * What every answer of every action must look like, whatever was sent: `{ ok: true, data }`,
 * or `{ ok: false, code, message }` with a code of the contract and a Chinese message fit to
 * show — never a stack, a JavaScript error or a 5xx.
 */
import type { ErrorCode } from '../../typings/api';
import type { GatewayAnswer } from './gateway';

/** Every ErrorCode of typings/api.ts; the type below fails to compile if one is missing. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_ACTION',
  'NOT_SIGNED_IN',
  'NOT_MEMBER',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INVALID_STATE',
  'NOT_SET_UP',
  'INTERNAL',
] as const satisfies readonly ErrorCode[];
type Missing = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const allCodesListed: Missing extends never ? true : Missing = true;
void allCodesListed;

const CHINESE = /[\u4e00-\u9fff]/;
/** Traces of internals: error class names, stack frames, JavaScript's words for nothing. */
const INTERNALS =
  /\b(?:[A-Z][a-z]+)*Error\b|\bat \S+ \(|\n\s+at |\bundefined\b|\bNaN\b|\[object |DATABASE_|LOCAL_|\bstack\b/;

/** Half of a surrogate pair without the other: text no UTF-8 page or message can carry. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether any text in a value holds a lone surrogate (JSON.stringify would only escape it). */
function malformed(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(malformed);
}

/** What is wrong with an answer, or null when it is a proper one. */
export function answerProblem(answer: GatewayAnswer<unknown>): string | null {
  if (answer.status !== 200) return `HTTP ${answer.status}: ${JSON.stringify(answer.body)}`;
  const r = answer.result as Record<string, unknown> | null;
  if (typeof r !== 'object' || r === null) return `no result: ${JSON.stringify(answer.body)}`;
  if (malformed(r)) return 'malformed Unicode (a lone surrogate) in the answer';
  if (r.ok === true) return 'data' in r ? null : 'ok without data';
  if (r.ok !== false) return `neither ok nor refused: ${JSON.stringify(r)}`;
  if (!(ERROR_CODES as readonly unknown[]).includes(r.code))
    return `unknown code ${String(r.code)}`;
  if (typeof r.message !== 'string' || !CHINESE.test(r.message))
    return `message not in Chinese: ${JSON.stringify(r.message)}`;
  if (INTERNALS.test(r.message)) return `internals in the message: ${r.message}`;
  return null;
}

export const isRefusal = (
  answer: GatewayAnswer<unknown>,
): answer is GatewayAnswer<{ ok: false; code: ErrorCode; message: string }> =>
  (answer.result as { ok?: unknown } | null)?.ok === false;
