import tcb from '@cloudbase/node-sdk';
import { Collections } from '../core/collections';
import type { Database } from '../core/runtime/handler';
import { FunctionRunner } from './runner';
import { sdkEnv, startLocalCloudBase, type LocalCloudBase } from './server';
import { LOCAL_SETTINGS } from './settings';

export const LOCAL_ENV_ID = LOCAL_SETTINGS.ENV_ID;

export interface Stack {
  cloudbase: LocalCloudBase;
  runner: FunctionRunner;
  /** An admin node-sdk database on the same store, for seeding and inspecting. */
  db: Database;
  close(): Promise<void>;
}

/**
 * The local CloudBase with the cloud functions mounted: what `npm start`, the tests and the
 * tools run. The SDK's endpoint settings go into process.env (they are the same for every
 * invocation); identities never do.
 */
export async function startStack(
  opts: {
    port?: number;
    dataDir?: string | null;
    timeoutMs?: number;
    /** Replaces local/settings.ts values (e.g. to leave a setting unset). */
    settings?: Record<string, string | undefined>;
  } = {},
): Promise<Stack> {
  // Known once the server listens; the runner reads it when a function instance starts.
  const platform: { env?: Record<string, string> } = {};
  const runner = new FunctionRunner({
    envId: LOCAL_ENV_ID,
    timeoutMs: opts.timeoutMs,
    platformEnv: () => ({
      ...platform.env,
      // The SDK's switch for its slow-request warning, which tests that inject delays turn off.
      ...(process.env.SILENCE ? { SILENCE: process.env.SILENCE } : {}),
    }),
    settings: { ...LOCAL_SETTINGS, ...opts.settings },
  });
  const cloudbase = await startLocalCloudBase({
    port: opts.port ?? 0,
    dataDir: opts.dataDir ?? null,
    envId: LOCAL_ENV_ID,
    functions: runner,
    // As in the cloud, a collection must exist before it is read: create every one we use.
    collections: Object.values(Collections),
  });
  platform.env = sdkEnv(cloudbase, LOCAL_ENV_ID);
  Object.assign(process.env, sdkEnv(cloudbase, LOCAL_ENV_ID));
  const db = tcb.init({ env: LOCAL_ENV_ID }).database();
  return { cloudbase, runner, db, close: () => runner.close().then(() => cloudbase.close()) };
}
