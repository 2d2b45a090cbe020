import { ceilDiv } from '../intmath';

/**
 * The co-sign threshold (议题准入): a proposal is admitted when co-signing households reach
 * `ceil(share% × households in scope)`. Integer arithmetic only.
 */
export function cosignsNeeded(households: number, sharePercent: number): number {
  return ceilDiv(households * sharePercent, 100);
}

/** Households still needed, never negative. */
export function cosignsRemaining(cosigned: number, needed: number): number {
  return Math.max(0, needed - cosigned);
}

export interface Share {
  part: number;
  total: number;
}

/** part / total ≥ percent / 100, compared by cross products. A zero total is never reached. */
export function reachesPercent({ part, total }: Share, percent: number): boolean {
  return total > 0 && part * 100 >= total * percent;
}

/**
 * The national guidelines let owners holding 20% of the area and 20% of the heads call a
 * temporary owners' meeting (临时业主大会). Shown when a proposal's co-signs reach both.
 */
export const TEMPORARY_MEETING_PERCENT = 20;

export function reachesTemporaryMeeting(area: Share, heads: Share): boolean {
  return (
    reachesPercent(area, TEMPORARY_MEETING_PERCENT) &&
    reachesPercent(heads, TEMPORARY_MEETING_PERCENT)
  );
}
