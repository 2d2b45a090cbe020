import { floorDiv } from './intmath';

/** Percent with one decimal, from integers, rounded down: 2345 of 10000 → "23.4%". */
export function percentText(part: number, total: number): string {
  if (total <= 0) return '0%';
  const tenths = floorDiv(Math.max(0, part) * 1000, total);
  return `${floorDiv(tenths, 10)}.${tenths % 10}%`;
}

/** 0.01 m² → "1,234.56 ㎡". */
export function areaText(areaCenti: number): string {
  const whole = floorDiv(areaCenti, 100).toLocaleString('en-US');
  return `${whole}.${String(areaCenti % 100).padStart(2, '0')} ㎡`;
}
