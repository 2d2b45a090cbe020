import { choosePorts } from '../../../core/ports';
import { wechatSubscribe } from '../../../core/ports/wechat/subscribe';
import { createHandler, type InvocationContext } from '../../../core/runtime/handler';
import { tick } from '../../../core/scheduler/tick';

const handle = createHandler({ tick }, choosePorts(process.env, { notify: wechatSubscribe }));

/**
 * Timer-triggered every minute (cloudbaserc.json and config.json). A timer event has no
 * `action`: it means `tick`. The notification port sends what the outbox holds.
 */
export const main = (event: unknown, context: InvocationContext) =>
  handle(isTimerEvent(event) ? { action: 'tick' } : event, context);
main.commands = handle.commands;
main.settings = handle.settings;

function isTimerEvent(event: unknown): boolean {
  return (
    typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer'
  );
}
