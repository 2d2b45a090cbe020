import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nextFire, parseCron } from '../../local/cron';
import type { FunctionRunner } from '../../local/runner';
import { startTimers } from '../../local/timers';
import {
  readDeployConfig,
  readDevToolsConfig,
  settingNames,
  resolveEnvVariables,
} from '../../scripts/deploy-config';
import { FUNCTIONS_DIR, functionNames } from '../../scripts/functions';

/**
 * cloudbaserc.json (read by `tcb fn deploy`) and each function's config.json (read by DevTools'
 * upload) must say the same: a trigger in one only is a trigger that never fires for someone.
 */
const config = readDeployConfig();

describe('cloudbaserc.json and the functions', () => {
  it('lists exactly the functions that exist, each with a current runtime and index.main', () => {
    expect(config.functions.map((f) => f.name).sort()).toEqual(functionNames());
    for (const fn of config.functions) {
      // Node 18 and 20 are end of life; 22.21 is what CloudBase and CLI 2.12 offer after them.
      expect({ name: fn.name, runtime: fn.runtime }).toEqual({
        name: fn.name,
        runtime: 'Nodejs22.21',
      });
      expect(fn.handler).toBe('index.main');
      expect(fn.timeout).toBeGreaterThanOrEqual(1);
      expect(fn.timeout).toBeLessThanOrEqual(60);
    }
  });

  it.each(config.functions.map((f) => [f.name, f] as const))(
    '%s: config.json has the same timeout and triggers',
    (name, fn) => {
      expect(existsSync(join(FUNCTIONS_DIR, name, 'config.json'))).toBe(true);
      const devtools = readDevToolsConfig(name);
      expect(devtools.timeout).toBe(fn.timeout);
      expect(devtools.triggers ?? []).toEqual(fn.triggers ?? []);
    },
  );

  it('gives the scheduler its minute timer, the only trigger anywhere', () => {
    const triggers = config.functions.flatMap((f) =>
      (f.triggers ?? []).map((t) => ({ fn: f.name, ...t })),
    );
    expect(triggers).toEqual([
      { fn: 'scheduler', name: 'everyMinute', type: 'timer', config: '0 * * * * * *' },
    ]);
  });

  it('declares valid triggers: one per function at most, named as WeChat requires', () => {
    for (const fn of config.functions) {
      expect((fn.triggers ?? []).length).toBeLessThanOrEqual(1);
      for (const t of fn.triggers ?? []) {
        expect(t.name).toMatch(/^[A-Za-z][A-Za-z0-9_-]{0,59}$/);
        expect(t.type).toBe('timer');
        expect(() => parseCron(t.config)).not.toThrow();
      }
    }
  });

  it('fills {{env.X}} from the settings, an unset one empty', () => {
    const fund = { ...config.functions[0], envVariables: { A: '{{env.X}}', B: 'fixed' } };
    expect(settingNames(fund)).toEqual(['X']);
    expect(resolveEnvVariables(fund, { X: 'x-value' })).toEqual({ A: 'x-value', B: 'fixed' });
    expect(resolveEnvVariables(fund, {})).toEqual({ A: '', B: 'fixed' });
  });
});

describe('timer cron expressions (seven fields, China time)', () => {
  const at = (iso: string) => new Date(iso);

  it('fires every minute at second 0', () => {
    const every = parseCron('0 * * * * * *');
    expect(nextFire(every, at('2026-12-04T08:59:30Z'))).toEqual(at('2026-12-04T09:00:00Z'));
    expect(nextFire(every, at('2026-12-04T09:00:00Z'))).toEqual(at('2026-12-04T09:01:00Z'));
  });

  it('reads hours in China time: 02:00 on the 1st is 18:00 UTC the day before', () => {
    const monthly = parseCron('0 0 2 1 * * *');
    expect(nextFire(monthly, at('2026-12-04T00:00:00Z'))).toEqual(at('2026-12-31T18:00:00Z'));
  });

  it('knows names, ranges, lists and steps', () => {
    const weekdays = parseCron('0 15 10 * * MON-FRI *');
    // Saturday 2026-12-05 10:00 China time → Monday 12-07 10:15.
    expect(nextFire(weekdays, at('2026-12-05T02:00:00Z'))).toEqual(at('2026-12-07T02:15:00Z'));
    const steps = parseCron('0 */30 9-17 * * * *');
    expect(nextFire(steps, at('2026-12-04T01:10:00Z'))).toEqual(at('2026-12-04T01:30:00Z'));
    const list = parseCron('0 0 10,14,16 * * * *');
    expect(nextFire(list, at('2026-12-04T03:00:00Z'))).toEqual(at('2026-12-04T06:00:00Z'));
  });

  it('refuses what CloudBase refuses', () => {
    for (const bad of ['0 * * * * *', '60 * * * * * *', '0 * 24 * * * *', '0 0 0 0 * * *', 'x']) {
      expect(() => parseCron(bad)).toThrow();
    }
  });

  it('answers null when the expression never fires again', () => {
    expect(nextFire(parseCron('0 0 0 1 1 * 2020'), at('2026-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('the local CloudBase runs the timers of cloudbaserc.json', () => {
  afterEach(() => jest.useRealTimers());

  it('fires the scheduler with a timer event at each minute, and stops', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-04T08:59:30Z') });
    const calls: Array<[string, unknown, unknown]> = [];
    const runner = {
      invoke: async (name: string, event: unknown, identity: unknown) => {
        calls.push([name, event, identity]);
        return { ok: true };
      },
    } as unknown as FunctionRunner;
    const stop = startTimers(runner, config);
    await jest.advanceTimersByTimeAsync(29_000);
    expect(calls).toEqual([]);
    await jest.advanceTimersByTimeAsync(61_000);
    expect(calls).toEqual([
      [
        'scheduler',
        { Type: 'Timer', TriggerName: 'everyMinute', Time: '2026-12-04T09:00:00Z', Message: '' },
        {},
      ],
      [
        'scheduler',
        { Type: 'Timer', TriggerName: 'everyMinute', Time: '2026-12-04T09:01:00Z', Message: '' },
        {},
      ],
    ]);
    stop();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(calls).toHaveLength(2);
  });
});

describe('what each function needs, and what it is deployed with', () => {
  type Entry = { main: { settings: string[] } };
  const entries = Object.fromEntries(
    functionNames().map((name) => [
      name,
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require(join(FUNCTIONS_DIR, name, 'src', 'index.ts')) as Entry).main,
    ]),
  );

  it.each(config.functions.map((f) => [f.name, f] as const))(
    '%s: cloudbaserc.json declares exactly the settings its ports read',
    (name, fn) => {
      expect(settingNames(fn).sort()).toEqual([...entries[name].settings].sort());
      // The variable is the setting itself, so the console shows one name for one thing.
      for (const [key, value] of Object.entries(fn.envVariables ?? {}))
        expect(value).toBe(`{{env.${key}}}`);
    },
  );

  it('grants subscribeMessage.send to the scheduler, the one function that sends', () => {
    for (const name of functionNames())
      expect({ name, openapi: readDevToolsConfig(name).permissions?.openapi ?? [] }).toEqual({
        name,
        openapi: name === 'scheduler' ? ['subscribeMessage.send'] : [],
      });
  });
});
