/**
 * Every action of every cloud function with its command (and so its input schema), read from
 * the functions' own routing tables (`main.commands`): a new action is picked up by the suites
 * that iterate over these without anyone listing it.
 */
import type { Command } from '../../core/runtime/handler';
import { functionNames } from '../../scripts/functions';

export interface ActionEntry {
  fn: string;
  name: string;
  /** `fn.name`, the key of the policy table. */
  key: string;
  command: Command<unknown, unknown>;
}

/**
 * Import after the local CloudBase is up (startStack): some actions exist only there (the
 * simulated payment, the local message inbox), and the functions decide at load time.
 */
export async function allActions(): Promise<ActionEntry[]> {
  const out: ActionEntry[] = [];
  for (const fn of functionNames()) {
    const mod = (await import(`../../cloudfunctions/${fn}/src/index`)) as {
      main: { commands: Record<string, Command<unknown, unknown>> };
    };
    for (const [name, command] of Object.entries(mod.main.commands))
      out.push({ fn, name, key: `${fn}.${name}`, command });
  }
  return out;
}
