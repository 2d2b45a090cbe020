import { chinaDayStart, formatChina, parseChina } from '../../miniprogram/shared/china-time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('China time at the day boundary', () => {
  // 2026-12-05 00:00 in Beijing is 2026-12-04 16:00 UTC.
  const midnight = new Date('2026-12-04T16:00:00.000Z');
  const justBefore = new Date(midnight.getTime() - 1);

  it('turns the date at 16:00 UTC, not at 00:00 UTC', () => {
    expect(formatChina(justBefore, 'YYYY-MM-DD HH:mm')).toBe('2026-12-04 23:59');
    expect(formatChina(midnight, 'YYYY-MM-DD HH:mm')).toBe('2026-12-05 00:00');
    expect(formatChina(justBefore, 'M月D日')).toBe('12月4日');
    expect(formatChina(midnight, 'M月D日')).toBe('12月5日');
  });

  it('shows 07:00 on 5 December as 5 December, although it is still the 4th in UTC', () => {
    const closes = new Date('2026-12-04T23:00:00Z');
    expect(formatChina(closes, 'M月D日')).toBe('12月5日');
    expect(formatChina(closes, 'YYYY-MM-DD HH:mm')).toBe('2026-12-05 07:00');
  });

  it('starts a China day at 16:00 UTC the day before', () => {
    expect(chinaDayStart(midnight).toISOString()).toBe('2026-12-04T16:00:00.000Z');
    expect(chinaDayStart(justBefore).toISOString()).toBe('2026-12-03T16:00:00.000Z');
    expect(chinaDayStart(new Date('2026-12-04T23:00:00Z')).toISOString()).toBe(
      '2026-12-04T16:00:00.000Z',
    );
  });

  it('turns the year in China first', () => {
    const newYear = new Date('2026-12-31T16:00:00Z');
    expect(formatChina(newYear, 'YYYY年M月D日 HH:mm')).toBe('2027年1月1日 00:00');
    expect(formatChina(newYear.getTime() - 1, 'YYYY-MM-DD')).toBe('2026-12-31');
  });

  it('writes every token: padded and unpadded month and day, hours, minutes, weekday', () => {
    // Saturday 2026-11-07 09:05 in Beijing.
    const t = '2026-11-07T01:05:00Z';
    expect(formatChina(t, 'YYYY-MM-DD HH:mm')).toBe('2026-11-07 09:05');
    expect(formatChina(t, 'MM-DD HH:mm')).toBe('11-07 09:05');
    expect(formatChina(t, 'M月D日 周dd')).toBe('11月7日 周六');
    expect(formatChina(t, 'HH:mm')).toBe('09:05');
  });

  it('takes a Date, an ISO string or milliseconds alike', () => {
    const iso = '2026-12-04T23:00:00.000Z';
    const forms = [new Date(iso), iso, Date.parse(iso)];
    expect(forms.map((t) => formatChina(t, 'YYYY-MM-DD HH:mm'))).toEqual(
      Array(3).fill('2026-12-05 07:00'),
    );
  });

  it('reads the same whatever time zone the host is in', () => {
    const saved = process.env.TZ;
    try {
      const seen = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Europe/London'].map((tz) => {
        process.env.TZ = tz;
        return [
          formatChina(justBefore, 'YYYY-MM-DD HH:mm dd'),
          chinaDayStart(justBefore).toISOString(),
          parseChina('2026-03-08 02:30')?.toISOString(),
        ].join(' | ');
      });
      expect(new Set(seen).size).toBe(1);
    } finally {
      process.env.TZ = saved;
    }
  });
});

describe('parsing what a picker shows as China time', () => {
  it.each([
    ['2026-12-05 07:00', '2026-12-04T23:00:00.000Z'],
    ['2026-12-05 00:00', '2026-12-04T16:00:00.000Z'],
    ['2026-12-05', '2026-12-04T16:00:00.000Z'],
    ['2027-01-01 00:30', '2026-12-31T16:30:00.000Z'],
    ['2028-02-29', '2028-02-28T16:00:00.000Z'],
  ])('reads "%s" as %s', (text, iso) => {
    expect(parseChina(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2026-02-30',
    '2027-02-29',
    '2026-13-01',
    '2026-12-05 24:00',
    '2026-12-05 07:60',
    '2026-12-05 7:00',
    '2026-12-05T07:00',
    '2026-12-05 07:00:00',
    '2026-1-05',
    '0099-01-01',
    '',
    'tomorrow',
  ])('refuses "%s"', (text) => {
    expect(parseChina(text)).toBeUndefined();
  });
});

/**
 * The fixed offset against Node's own tz database (full ICU): every day of 2000–2099, the last
 * millisecond before China's midnight, the midnight itself, and a minute that walks through
 * the day from one day to the next, so every hour of the clock is met many times.
 */
describe('a fixed +08:00 is Asia/Shanghai for every date the app accepts (2000–2099)', () => {
  const intl = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  });
  const WEEKDAY: Record<string, string> = {
    Sun: '日',
    Mon: '一',
    Tue: '二',
    Wed: '三',
    Thu: '四',
    Fri: '五',
    Sat: '六',
  };
  const byIntl = (t: number): string => {
    const p = Object.fromEntries(intl.formatToParts(t).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${WEEKDAY[p.weekday]}`;
  };

  const first = Date.UTC(1999, 11, 31, 16); // 2000-01-01 00:00 in Beijing
  const last = Date.UTC(2099, 11, 31, 16); // 2100-01-01 00:00 in Beijing
  const days = (last - first) / DAY;

  it(`agrees with Intl on ${days} days, three moments each`, () => {
    let compared = 0;
    const differences: string[] = [];
    for (let i = 0; i < days; i++) {
      const midnight = first + i * DAY;
      const walking = midnight + ((i * 37) % 1440) * 60_000 + 59_999;
      for (const t of [midnight - 1, midnight, walking]) {
        const ours = formatChina(t, 'YYYY-MM-DD HH:mm dd');
        if (ours !== byIntl(t)) differences.push(`${new Date(t).toISOString()}: ${ours}`);
        compared++;
      }
      // The day starts where Intl's clock reads 00:00, and the picker text reads back exactly.
      if (chinaDayStart(midnight + 12 * HOUR).getTime() !== midnight)
        differences.push(`start of ${new Date(midnight).toISOString()}`);
      const minute = walking - (walking % 60_000);
      if (parseChina(byIntl(walking).slice(0, 16))?.getTime() !== minute)
        differences.push(`parse ${byIntl(walking)}`);
    }
    expect(differences).toEqual([]);
    expect(compared).toBe(days * 3);
  });
});
