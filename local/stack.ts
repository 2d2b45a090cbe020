import tcb from '@cloudbase/node-sdk';
import { PLAN, type Plan } from '../core/provision/plan';
import type { Database } from '../core/runtime/handler';
import type { IndexSpec } from './db';
import type { QueryShapeLog } from './query-shapes';
import { FunctionRunner } from './runner';
import { sdkEnv, startLocalCloudBase, type LocalCloudBase } from './server';
import { LOCAL_SETTINGS } from './settings';

export const LOCAL_ENV_ID = LOCAL_SETTINGS.ENV_ID;

/**
 * The provisioning plan as the local CloudBase takes it: every collection (as in the cloud, a
 * collection must exist before it is used, so one missing from the plan fails here as there)
 * and the unique indexes, which the engine enforces. The other indexes only make the cloud
 * fast; the in-memory engine scans and has nothing to record them in, so they are not passed
 * (tests/integration/query-shapes.test.ts checks them against the queries instead). Security
 * and storage rules govern clients, and the local CloudBase has no client access at all.
 */
export function localProvisioning(plan: Plan): {
  collections: string[];
  uniqueIndexes: IndexSpec[];
} {
  return {
    collections: plan.collections.map((c) => c.name),
    uniqueIndexes: plan.indexes
      .filter((i) => i.unique)
      .map((i) => ({ collection: i.collection, fields: Object.keys(i.keys) })),
  };
}

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
    queryShapes?: QueryShapeLog;
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
    ...localProvisioning(PLAN),
    queryShapes: opts.queryShapes,
  });
  platform.env = sdkEnv(cloudbase, LOCAL_ENV_ID);
  Object.assign(process.env, sdkEnv(cloudbase, LOCAL_ENV_ID));
  const db = tcb.init({ env: LOCAL_ENV_ID }).database();
  return { cloudbase, runner, db, close: () => runner.close().then(() => cloudbase.close()) };
}
