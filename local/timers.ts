import { randomUUID } from 'node:crypto';
import { readDeployConfig, type DeployConfig } from '../scripts/deploy-config';
import { nextFire, parseCron } from './cron';
import type { FunctionRunner } from './runner';

/** The event a timer trigger delivers (SCF's shape): no `action`, no caller. */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  Time: string;
  Message: string;
}

export const timerEvent = (triggerName: string, at: Date): TimerEvent => ({
  Type: 'Timer',
  TriggerName: triggerName,
  Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  Message: '',
});

/**
 * Fires a function's timer trigger now, as the platform would (seeds and tools). Throws when
 * the run is refused: a seed that the rules refuse is a bug in the seed.
 */
export async function fireTimer(runner: FunctionRunner, functionName: string): Promise<unknown> {
  const trigger = readDeployConfig().functions.find((f) => f.name === functionName)?.triggers?.[0];
  if (!trigger) throw new Error(`cloudbaserc.json gives ${functionName} no timer trigger`);
  const event = timerEvent(trigger.name, new Date());
  const result = (await runner.invoke(functionName, event, {}, randomUUID())) as {
    ok?: boolean;
    data?: unknown;
  };
  if (result?.ok !== true) throw new Error(`timer ${trigger.name}: ${JSON.stringify(result)}`);
  return result.data;
}

/**
 * Runs every timer trigger declared in cloudbaserc.json, as the cloud does after `tcb fn deploy`:
 * each fires its function at the times its cron gives. Returns a stop function. A run still
 * going when the next is due overlaps it, as in the cloud (jobs must be idempotent).
 */
export function startTimers(
  runner: FunctionRunner,
  config: DeployConfig = readDeployConfig(),
  onError: (err: unknown) => void = (err) => console.error('[timer]', err),
): () => void {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  for (const fn of config.functions) {
    for (const trigger of fn.triggers ?? []) {
      const cron = parseCron(trigger.config);
      const arm = (after: Date) => {
        const at = nextFire(cron, after);
        if (!at || stopped) return;
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            arm(at);
            runner.invoke(fn.name, timerEvent(trigger.name, at), {}, randomUUID()).catch(onError);
          },
          Math.max(0, at.getTime() - Date.now()),
        );
        timer.unref();
        timers.add(timer);
      };
      arm(new Date());
    }
  }
  return () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
}
