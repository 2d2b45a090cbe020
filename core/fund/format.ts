import type {
  DonationChannel,
  DonationStatus,
  ExpenseStatus,
  LedgerKind,
} from '../../typings/fund';
import { chinaDayStart, parseChina } from '../../miniprogram/shared/china-time';

/** How money and dates read on the pages and the notice board. Pure, integer arithmetic. */

const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 1234500 → "¥12,345"; 1234550 → "¥12,345.50"; -5000 → "-¥50". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = abs % 100;
  const whole = thousands(Math.floor(abs / 100));
  return `${sign}¥${whole}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}`;
}

/** 1234550 → "12345.50": plain yuan for CSV cells, which spreadsheets read as numbers. */
export function yuanPlain(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Whole percent reached, rounded down (99.9% is not yet 100%). */
export function progressPercent(raisedFen: number, goalFen: number): number {
  return raisedFen <= 0 ? 0 : Math.floor((raisedFen * 100) / goalFen);
}

export function statusLine(raisedFen: number, goalFen: number): string {
  return `已筹 ${yuan(raisedFen)} / ${yuan(goalFen)}`;
}

const DAY_MS = 86_400_000;

/** "2026-12-31" → the last millisecond of that day in China; undefined if it is no real date. */
export function endOfChinaDay(date: string): Date | undefined {
  // A date alone: parseChina would also take a time of day.
  const start = date.length === 10 ? parseChina(date) : undefined;
  return start && new Date(start.getTime() + DAY_MS - 1);
}

/** Calendar days from `now` to `deadline` in China: 0 on the last day, negative after it. */
export function daysLeft(deadline: Date, now: Date): number {
  // Whole days apart: China keeps no daylight saving, so every day there is 24 hours.
  return (chinaDayStart(deadline).getTime() - chinaDayStart(now).getTime()) / DAY_MS;
}

export const CHANNEL_LABEL: Record<DonationChannel, string> = {
  wechat: '微信支付',
  cash: '现金',
  transfer: '转账',
};

export const KIND_LABEL: Record<LedgerKind, string> = {
  donation: '捐款',
  expense: '支出',
  refund: '退款',
};

export const DONATION_STATUS_LABEL: Record<DonationStatus, string> = {
  pending: '待支付',
  paid: '已到账',
  failed: '支付未成功',
  recorded: '待复核',
  confirmed: '已入账',
  rejected: '未通过复核',
  refunded: '已退款',
};

export const EXPENSE_STATUS_LABEL: Record<ExpenseStatus, string> = {
  submitted: '待审批',
  approved: '已批准，待付款',
  rejected: '已驳回',
  paid: '已付款',
};

export const ANONYMOUS = '匿名';
