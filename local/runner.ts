import { functionNames, buildForLocal } from '../scripts/functions';

/** Who is calling, as WeChat would put it in the invocation context. */
export interface Identity {
  openid?: string;
  appid?: string;
}

type Main = (event: unknown, context: Record<string, unknown>) => Promise<unknown>;

export interface RunnerOptions {
  envId: string;
  /** Like the cloud's function timeout: a call still running after this answers an error. */
  timeoutMs?: number;
}

/** The appid the local CloudBase gives callers who do not name one. */
const LOCAL_APPID = 'wx-local-appid';

/**
 * The event as wx.cloud.callFunction delivers it: the caller's data with `userInfo: { appId,
 * openId }` injected (replacing any `userInfo` the caller sent). Only calls made by a person
 * carry it; timer triggers and calls from other functions do not.
 */
function withEnvelope(event: unknown, appId: string, openId: string): unknown {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return event;
  return { ...event, userInfo: { appId, openId } };
}

export class FunctionTimeoutError extends Error {
  constructor(name: string, ms: number) {
    super(`Task timed out after ${ms} ms (${name})`);
  }
}

/**
 * Runs the cloud functions in this process, as the cloud would: the real bundle (the same
 * esbuild output that is deployed), `main(event, context)` with a per-invocation context whose
 * `environment` carries the caller's WX_OPENID. Nothing about the caller goes into process.env,
 * so concurrent invocations never share an identity.
 */
export class FunctionRunner {
  private readonly mains = new Map<string, Promise<Main>>();
  /** Like the cloud's function timeout; tests shorten it to run past it cheaply. */
  timeoutMs: number;
  /** Invocations still running, including those whose caller was already told they timed out. */
  private readonly running = new Set<Promise<unknown>>();
  /** Read once: the gateway asks on every call, and a directory listing each time adds up. */
  private functions: string[] | undefined;

  constructor(private readonly opts: RunnerOptions) {
    this.timeoutMs = opts.timeoutMs ?? 20_000;
  }

  names(): string[] {
    return (this.functions ??= functionNames());
  }

  /** Forgets loaded bundles so the next call rebuilds (used when sources change in development). */
  reload(): void {
    this.mains.clear();
    this.functions = undefined;
  }

  async invoke(
    name: string,
    event: unknown,
    identity: Identity,
    invocationId: string,
  ): Promise<unknown> {
    const main = await this.load(name);
    const appId = identity.appid ?? (identity.openid ? LOCAL_APPID : '');
    const context = {
      request_id: invocationId,
      function_name: name,
      function_version: '$LATEST',
      namespace: this.opts.envId,
      memory_limit_in_mb: 256,
      time_limit_in_ms: this.timeoutMs,
      environment: JSON.stringify({
        WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID',
        WX_OPENID: identity.openid ?? '',
        WX_APPID: appId,
        WX_UNIONID: '',
        SCF_NAMESPACE: this.opts.envId,
      }),
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new FunctionTimeoutError(name, this.timeoutMs)),
        this.timeoutMs,
      );
    });
    // As in the cloud, a timed-out invocation is not stopped: it runs on, unseen by its caller.
    const run = main(
      identity.openid ? withEnvelope(event, appId, identity.openid) : event,
      context,
    );
    this.running.add(run);
    const done = () => this.running.delete(run);
    run.then(done, done);
    try {
      return await Promise.race([run, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once every invocation started so far has finished, timed out ones included. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private load(name: string): Promise<Main> {
    let loaded = this.mains.get(name);
    if (!loaded) {
      if (!this.names().includes(name)) return Promise.reject(new UnknownFunctionError(name));
      loaded = buildForLocal(name).then((file) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(file) as { main?: Main };
        if (typeof mod.main !== 'function')
          throw new Error(`cloudfunctions/${name} does not export main`);
        return mod.main;
      });
      loaded.catch(() => this.mains.delete(name));
      this.mains.set(name, loaded);
    }
    return loaded;
  }
}

export class UnknownFunctionError extends Error {
  constructor(readonly functionName: string) {
    super(`FunctionName parameter could not be found: ${functionName}`);
  }
}
