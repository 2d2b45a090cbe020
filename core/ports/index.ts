import type { Clock } from './clock';
import { systemClock } from './clock';
import type { NotifyPort } from './notify';
import type { PaymentPort } from './payment';
import type { StoragePort } from './storage';
import type { SettingName } from './settings';

/**
 * The ports a command reaches the world through, besides the database. Each function chooses
 * its adapters once, at its entry, from its environment (cloudfunctions/<name>/src/index.ts);
 * a port it did not choose is absent, and using it is a bug that fails loudly. The deployed
 * bundles hold WeChat adapters only: the local CloudBase answers WeChat's APIs itself.
 */
export interface Ports {
  payment: PaymentPort;
  notify: NotifyPort;
  storage: StoragePort;
  clock: Clock;
}

/** An adapter: how to build a port from the function's environment, and which settings it reads. */
export type Adapter<P> = ((env: NodeJS.ProcessEnv) => P) & { settings: readonly SettingName[] };

export type Chosen = Partial<{ [K in keyof Ports]: Adapter<Ports[K]> }>;

/**
 * The ports of one function instance, the settings they read (checked against cloudbaserc.json)
 * and the environment the function runs in (file ids must belong to it).
 */
export interface FunctionPorts {
  ports: Ports;
  settings: SettingName[];
  envId: string | undefined;
}

function absent<K extends keyof Ports>(name: K): Ports[K] {
  return new Proxy({} as Ports[K], {
    get(_, prop) {
      if (prop === 'then') return undefined;
      throw new Error(
        `this function did not choose a ${name} port (at its entry) but uses ${String(prop)}`,
      );
    },
  });
}

export function choosePorts(env: NodeJS.ProcessEnv, chosen: Chosen): FunctionPorts {
  const build = <K extends keyof Ports>(name: K): Ports[K] => {
    const adapter = chosen[name] as Adapter<Ports[K]> | undefined;
    return adapter ? adapter(env) : absent(name);
  };
  return {
    ports: {
      payment: build('payment'),
      notify: build('notify'),
      storage: build('storage'),
      clock: systemClock,
    },
    envId: env.SCF_NAMESPACE || undefined,
    settings: [...new Set(Object.values(chosen).flatMap((a) => [...(a?.settings ?? [])]))],
  };
}
