/**
 * Integer division without floating-point rounding: the remainder is taken off first, so the
 * quotient is exact for every safe integer. Thresholds are computed with these (DESIGN §1:
 * exact integer arithmetic).
 */
export function floorDiv(n: number, d: number): number {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || d <= 0 || n < 0) {
    throw new RangeError(`floorDiv(${n}, ${d}): non-negative safe integers only`);
  }
  return (n - (n % d)) / d;
}

export function ceilDiv(n: number, d: number): number {
  return floorDiv(n + d - 1, d);
}
