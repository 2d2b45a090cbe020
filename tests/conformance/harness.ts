/**
 * Starts an in-process local CloudBase and an UNMODIFIED @cloudbase/node-sdk pointed at it
 * through the environment, exactly as a cloud function would be configured.
 */
import tcb from '@cloudbase/node-sdk';
import {
  sdkEnv,
  startLocalCloudBase,
  type LocalCloudBase,
  type LocalCloudBaseOptions,
} from '../../local/server';

export const ENV_ID = 'gongzhi-local';

export type App = ReturnType<typeof tcb.init>;
export type Db = ReturnType<App['database']>;

/** What runTransaction/startTransaction hand out (the SDK types them as any). */
export interface Txn {
  collection(name: string): ReturnType<Db['collection']>;
  rollback(reason?: unknown): Promise<unknown>;
  commit(): Promise<unknown>;
}

export interface Harness {
  cb: LocalCloudBase;
  app: App;
  db: Db;
  /** The SDK for calls attributed to an invocation, as the function runner sets it up. */
  appFor(invocationId: string): App;
}

export async function startHarness(
  opts: Omit<LocalCloudBaseOptions, 'port'> = {},
): Promise<Harness> {
  const cb = await startLocalCloudBase({ port: 0, ...opts });
  Object.assign(process.env, sdkEnv(cb, ENV_ID));
  const app = tcb.init({ env: ENV_ID });
  return {
    cb,
    app,
    db: app.database(),
    appFor: (invocationId) =>
      tcb.init({ env: ENV_ID, headers: { 'x-gongzhi-invocation': invocationId } }),
  };
}

/** The error (code and message) a rejected SDK promise carries. */
export async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  }
  throw new Error('expected the call to fail');
}
