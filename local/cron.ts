/**
 * Timer-trigger cron expressions as CloudBase writes them: seven fields, `second minute hour day
 * month weekday year`, each a `*`, a value, a range `a-b`, a step `x/n` or a comma list of those;
 * months also JAN–DEC, weekdays 0–6 (0 = Sunday) or SUN–SAT. Used by the local CloudBase to run
 * the timers declared in cloudbaserc.json, and by the test that checks those declarations.
 */
import { CHINA_OFFSET_MS } from '../miniprogram/shared/china-time';

export interface Cron {
  fields: Set<number>[];
  /** Whether day and weekday were restricted (not `*`): when both are, either may match. */
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** The value of names[0]. */
  nameBase?: number;
}

const FIELDS: FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'weekday', min: 0, max: 6, names: WEEKDAYS, nameBase: 0 },
  { name: 'year', min: 1970, max: 2099 },
];

function value(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + (spec.nameBase ?? 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < spec.min || n > spec.max)
    throw new Error(`cron ${spec.name}: "${text}" is not in ${spec.min}-${spec.max}`);
  return n;
}

function field(text: string, spec: FieldSpec): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new Error(`cron ${spec.name}: bad step in "${part}"`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [spec.min, spec.max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-');
      [from, to] = [value(a, spec), value(b, spec)];
      if (from > to) throw new Error(`cron ${spec.name}: empty range "${range}"`);
    } else {
      from = value(range, spec);
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

export function parseCron(expression: string): Cron {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 7)
    throw new Error(`cron "${expression}" must have 7 fields (second … year), has ${parts.length}`);
  return {
    fields: parts.map((p, i) => field(p, FIELDS[i])),
    dayRestricted: parts[3] !== '*',
    weekdayRestricted: parts[5] !== '*',
  };
}

/**
 * The first moment strictly after `after` (whole seconds) that the expression fires, or null.
 * CloudBase reads the fields in China time (UTC+8); our own trigger fires every minute, where
 * the zone makes no difference.
 */
export function nextFire(cron: Cron, after: Date): Date | null {
  const [seconds, minutes, hours, days, months, weekdays, years] = cron.fields;
  // Wall-clock China time, read with the UTC getters.
  const t = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000 + CHINA_OFFSET_MS);
  for (let guard = 0; guard < 100_000; guard++) {
    const year = t.getUTCFullYear();
    if (year > 2099) return null;
    if (!years.has(year)) {
      t.setUTCFullYear(year + 1, 0, 1);
      t.setUTCHours(0, 0, 0);
      continue;
    }
    if (!months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0);
      continue;
    }
    const dayOk = days.has(t.getUTCDate());
    const weekdayOk = weekdays.has(t.getUTCDay());
    const dateOk =
      cron.dayRestricted && cron.weekdayRestricted ? dayOk || weekdayOk : dayOk && weekdayOk;
    if (!dateOk) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0);
      continue;
    }
    if (!hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0);
      continue;
    }
    if (!minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0);
      continue;
    }
    if (!seconds.has(t.getUTCSeconds())) {
      t.setUTCSeconds(t.getUTCSeconds() + 1);
      continue;
    }
    return new Date(t.getTime() - CHINA_OFFSET_MS);
  }
  return null;
}
