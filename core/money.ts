/**
 * Exact decimal parsing for amounts people type: "89.35" m² → 8935 (0.01 m²), "12.5" 元 → 1250 分.
 * No floating point anywhere: the digits are read as text.
 */
export function parseHundredths(text: string): number | undefined {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 8935 → "89.35". */
export function formatHundredths(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
