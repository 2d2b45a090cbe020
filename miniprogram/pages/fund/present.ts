/**
 * How the fund pages write money and times. Pure (no wx), shared by the fund pages and held to
 * the server's own formatting by a unit test (core/fund/format.ts), so the two never differ.
 */
import { formatChina } from '../../shared/china-time';

/** 123450 → "¥1,234.50", 3000000 → "¥30,000". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = abs % 100;
  return `${sign}¥${whole}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}`;
}

/** A ledger amount with its direction: "+¥100", "-¥4,860". */
export const signedYuan = (fen: number): string => (fen > 0 ? `+${yuan(fen)}` : yuan(fen));

/**
 * "12.5" 元 → 1250 分, exactly: the digits are read as text, never as a float. Undefined when it
 * is not an amount; the bounds are the server's to check.
 */
export function yuanToFen(text: string): number | undefined {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** An ISO time as "2026-11-22 23:10", China time (where every estate is). */
export const chinaTime = (iso: string): string => formatChina(iso, 'YYYY-MM-DD HH:mm');

/** The first characters of a hash, enough to compare with the notice board. */
export const shortHash = (hash: string): string => hash.slice(0, 12);
