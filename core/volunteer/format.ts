import { floorDiv } from '../intmath';

/** How times and hours read on the volunteer pages and records. Pure, integer arithmetic. */

const CHINA_OFFSET_MS = 8 * 3_600_000;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** The wall clock in China (UTC+8, no daylight saving) as UTC fields of a shifted date. */
const china = (t: Date): Date => new Date(t.getTime() + CHINA_OFFSET_MS);

const clock = (c: Date): string => `${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}`;
const day = (c: Date): string =>
  `${c.getUTCMonth() + 1}月${c.getUTCDate()}日 周${WEEKDAYS[c.getUTCDay()]}`;

/** "11月22日 周六 19:00–21:00"; across midnight the end carries its own date. */
export function timeText(start: Date, end: Date): string {
  const s = china(start);
  const e = china(end);
  const sameDay = s.toISOString().slice(0, 10) === e.toISOString().slice(0, 10);
  return `${day(s)} ${clock(s)}–${sameDay ? '' : `${day(e)} `}${clock(e)}`;
}

/** "2026-11-22 19:00", China time: for CSV cells. */
export function dateTimeCell(t: Date): string {
  return china(t).toISOString().slice(0, 16).replace('T', ' ');
}

/** "2026-11-22", China time. */
export function dateCell(t: Date): string {
  return china(t).toISOString().slice(0, 10);
}

/** 150 → "2 小时 30 分"; 45 → "45 分钟"; 120 → "2 小时". */
export function hoursText(minutes: number): string {
  const h = floorDiv(minutes, 60);
  const m = minutes % 60;
  if (h === 0) return `${m} 分钟`;
  return m === 0 ? `${h} 小时` : `${h} 小时 ${m} 分`;
}

/** 150 → "2.50"; 20 → "0.33": hours to the hundredth, rounded half up, for records. */
export function hoursDecimal(minutes: number): string {
  const hundredths = floorDiv(minutes * 100 + 30, 60);
  return `${floorDiv(hundredths, 100)}.${pad(hundredths % 100)}`;
}
