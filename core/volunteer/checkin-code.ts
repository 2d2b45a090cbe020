import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Check-in codes: six digits derived from the task's secret and the current minute (like a
 * TOTP authenticator), so nothing is stored per code and a code seen yesterday, or forwarded
 * to the group chat, is useless a minute or two later. The organiser's page shows the current
 * one large and as a QR code; the volunteer types it or scans it.
 */
export const CODE_WINDOW_MS = 60_000;
/** Codes of this many past windows are "expired" (told apart from wrong ones). */
const RECENT_WINDOWS = 30;
const PAYLOAD = /^gongzhi:checkin:([A-Za-z0-9_-]+):(\d{6})$/;

const windowOf = (now: Date): number => Math.floor(now.getTime() / CODE_WINDOW_MS);

export function codeFor(secret: string, taskId: string, window: number): string {
  const mac = createHmac('sha256', secret).update(`${taskId}|${window}`).digest();
  // Dynamic truncation (RFC 4226): 31 bits from an offset chosen by the last nibble.
  const offset = mac[mac.length - 1] & 0x0f;
  const bits = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bits % 1_000_000).padStart(6, '0');
}

export interface CurrentCode {
  code: string;
  payload: string;
  /** The code is accepted through the next window too, so a scan at the turn still works. */
  validUntil: Date;
  refreshAt: Date;
}

export function currentCode(secret: string, taskId: string, now: Date): CurrentCode {
  const w = windowOf(now);
  const code = codeFor(secret, taskId, w);
  return {
    code,
    payload: `gongzhi:checkin:${taskId}:${code}`,
    validUntil: new Date((w + 2) * CODE_WINDOW_MS),
    refreshAt: new Date((w + 1) * CODE_WINDOW_MS),
  };
}

export type CodeCheck = 'ok' | 'expired' | 'wrong' | 'otherTask';

const same = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Checks what the volunteer typed (six digits) or scanned (the QR payload). */
export function checkCode(secret: string, taskId: string, input: string, now: Date): CodeCheck {
  const text = input.trim();
  const scanned = PAYLOAD.exec(text);
  if (scanned && scanned[1] !== taskId) return 'otherTask';
  const code = scanned ? scanned[2] : text;
  if (!/^\d{6}$/.test(code)) return 'wrong';
  const w = windowOf(now);
  if (same(code, codeFor(secret, taskId, w)) || same(code, codeFor(secret, taskId, w - 1)))
    return 'ok';
  for (let back = 2; back <= RECENT_WINDOWS; back++) {
    if (same(code, codeFor(secret, taskId, w - back))) return 'expired';
  }
  return 'wrong';
}
