import { createHandler, type InvocationContext } from '../../../core/runtime/handler';
import { tick } from '../../../core/scheduler/tick';

const handle = createHandler({ tick });

/** Timer-triggered every minute (config.json). A timer event has no `action`: it means `tick`. */
export const main = (event: unknown, context: InvocationContext) =>
  handle(isTimerEvent(event) ? { action: 'tick' } : event, context);
main.commands = handle.commands;

function isTimerEvent(event: unknown): boolean {
  return (
    typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer'
  );
}
