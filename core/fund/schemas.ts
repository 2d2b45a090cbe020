import { invalid } from '../errors';
import { array, fileId, string, type Schema } from '../validate';
import { yuan } from './format';

/**
 * Bounds of what people may enter, in fen (see docs/funds.md for why these numbers).
 * - A gift is ¥1 … ¥50,000 online (a public ledger row per gift: no 1-fen spam; larger sums go
 *   by bank transfer, recorded offline with a photo) and ¥1 … ¥200,000 offline.
 * - An expense is 1 fen … ¥1,000,000, and never more than the balance.
 * - A campaign's goal is ¥100 … ¥1,000,000; its deadline within a year.
 */
export const LIMITS = {
  donationMinFen: 100,
  onlineMaxFen: 5_000_000,
  offlineMaxFen: 20_000_000,
  expenseMaxFen: 100_000_000,
  goalMinFen: 10_000,
  goalMaxFen: 100_000_000,
  deadlineMaxDays: 366,
} as const;

/** The donate sheet's chips: ¥10, ¥50, ¥100, ¥200, ¥500. */
export const AMOUNT_CHIPS = [1_000, 5_000, 10_000, 20_000, 50_000];

/** One request per key: letters, digits, `_`, `-`; the client makes a fresh one per attempt. */
export const idempotencyKey = string('请求编号', { min: 8, max: 64, pattern: /^[A-Za-z0-9_-]+$/ });

/** Photos already uploaded to this environment's cloud storage. */
export const photos = (label: string, min: number): Schema<string[]> =>
  array(label, fileId('照片'), { min, max: 9 });

/** An amount in fen; the refusal speaks yuan, as people think of it. */
export function fen(label: string, min: number, max: number): Schema<number> {
  return {
    shape: { kind: 'int', min, max },
    parse(value, path) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        throw invalid(path || '金额', `${label}必须是以分为单位的整数`);
      if (value < min || value > max)
        throw invalid(path || '金额', `${label}应在 ${yuan(min)} 到 ${yuan(max)} 之间`);
      return value;
    },
  };
}

export const reason = string('理由', { min: 2, max: 200 });

/** A page cursor: the ISO time of the last row seen (what the previous page answered). */
export const timeCursor: Schema<Date> = {
  shape: { kind: 'date' },
  parse(value, path) {
    const text = string('翻页参数', { max: 40 }).parse(value, path);
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) throw invalid(path || '翻页参数', '翻页参数不正确');
    return at;
  },
};
