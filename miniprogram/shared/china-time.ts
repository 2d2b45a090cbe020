/**
 * Times as residents read them: the wall clock in China, whatever zone the phone or the server
 * is in (cloud functions run in UTC). The one place for it, used by the pages and by core/.
 *
 * China has kept UTC+8 all year since 1991 (no daylight saving), so a fixed offset is exact for
 * every date the app accepts (2000–2099, core/validate.ts isoDate); tests/unit/china-time.test.ts
 * holds it to Node's tz database. Plain arithmetic rather than dayjs's utc/timezone plugins:
 * WeChat's "Build npm" packs only a package's main entry (no `dayjs/plugin/*` on the phone), and
 * the timezone plugin needs Intl, which some Android WeChat engines lack.
 */

/** China's offset from UTC, all year. */
export const CHINA_OFFSET_MS = 8 * 3_600_000;
const OFFSET_MS = CHINA_OFFSET_MS;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** A moment as the server stores it (Date) or sends it (ISO string), or milliseconds. */
export type Moment = Date | string | number;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * `t` on China's wall clock. Tokens as in dayjs: YYYY, MM/M (month), DD/D (day), HH, mm, ss, and
 * dd for the weekday as written in Chinese (六); any other text is kept.
 * e.g. 'YYYY-MM-DD HH:mm' → "2026-12-05 07:00", 'M月D日 周dd' → "12月5日 周六".
 */
export function formatChina(t: Moment, pattern: string): string {
  // The China clock read as the UTC fields of a shifted instant: the host's zone never enters.
  const c = new Date(new Date(t).getTime() + OFFSET_MS);
  const month = c.getUTCMonth() + 1;
  const fields: Record<string, string> = {
    YYYY: String(c.getUTCFullYear()),
    MM: pad(month),
    M: String(month),
    DD: pad(c.getUTCDate()),
    D: String(c.getUTCDate()),
    HH: pad(c.getUTCHours()),
    mm: pad(c.getUTCMinutes()),
    ss: pad(c.getUTCSeconds()),
    dd: WEEKDAYS[c.getUTCDay()],
  };
  return pattern.replace(/YYYY|MM|M|DD|D|HH|mm|ss|dd/g, (token) => fields[token]);
}

/** The moment the China day holding `t` began (00:00 Beijing time). */
export function chinaDayStart(t: Moment): Date {
  const ms = new Date(t).getTime();
  return new Date(Math.floor((ms + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS);
}

/**
 * What a date picker ("2026-12-05") or date-time picker ("2026-12-05 07:00") shows, read as
 * China time; undefined when it is not a real date and time in that form.
 */
export function parseChina(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number);
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi));
  // Date.UTC rolls 2026-02-30 over to March and 24:00 to the next day: refuse rather than guess.
  const exact =
    wall.getUTCFullYear() === y &&
    wall.getUTCMonth() === mo - 1 &&
    wall.getUTCDate() === d &&
    wall.getUTCHours() === h &&
    wall.getUTCMinutes() === mi;
  return exact ? new Date(wall.getTime() - OFFSET_MS) : undefined;
}
