import { chinaDayStart, formatChina } from '../../miniprogram/shared/china-time';
import { floorDiv } from '../intmath';

/** How times and hours read on the volunteer pages and records. Pure, integer arithmetic. */

const pad = (n: number): string => String(n).padStart(2, '0');

const DAY_AND_CLOCK = 'M月D日 周dd HH:mm';

/** "11月22日 周六 19:00–21:00" (China time); across midnight the end carries its own date. */
export function timeText(start: Date, end: Date): string {
  const sameDay = chinaDayStart(start).getTime() === chinaDayStart(end).getTime();
  return `${formatChina(start, DAY_AND_CLOCK)}–${formatChina(end, sameDay ? 'HH:mm' : DAY_AND_CLOCK)}`;
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
