import { Worker } from 'node:worker_threads';
import { functionDeploy, readDeployConfig, resolveEnvVariables } from '../scripts/deploy-config';
import { buildForLocal, functionNames } from '../scripts/functions';

/** Who is calling, as WeChat would put it in the invocation context. */
export interface Identity {
  openid?: string;
  appid?: string;
}

export interface RunnerOptions {
  envId: string;
  /** Overrides every function's timeout from cloudbaserc.json (tests shorten it). */
  timeoutMs?: number;
  /**
   * The platform's variables every function sees (the SDK's endpoint and credentials), read when
   * a function instance starts. Default: those keys from this process's environment.
   */
  platformEnv?: () => Record<string, string>;
  /** The deployer's settings that fill `{{env.X}}` in cloudbaserc.json (local/settings.ts). */
  settings?: Record<string, string | undefined>;
}

export class FunctionTimeoutError extends Error {
  constructor(name: string, ms: number) {
    super(`Task timed out after ${ms} ms (${name})`);
  }
}

/** The appid the local CloudBase gives callers who do not name one. */
const LOCAL_APPID = 'wx-local-appid';

/** What the platform puts in every function's environment, taken from this process by default. */
const PLATFORM_KEYS = [
  'TCB_CONTEXT_CNFG',
  'SCF_NAMESPACE',
  'TENCENTCLOUD_SECRETID',
  'TENCENTCLOUD_SECRETKEY',
  'TENCENTCLOUD',
  'SILENCE',
];

const fromProcessEnv = (): Record<string, string> =>
  Object.fromEntries(
    PLATFORM_KEYS.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!]),
  );

/**
 * The event as wx.cloud.callFunction delivers it: the caller's data with `userInfo: { appId,
 * openId }` injected (replacing any `userInfo` the caller sent). Only calls made by a person
 * carry it; timer triggers and calls from other functions do not.
 */
function withEnvelope(event: unknown, appId: string, openId: string): unknown {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return event;
  return { ...event, userInfo: { appId, openId } };
}

/**
 * One warm instance of a function: a worker thread with the function's own environment
 * (platform variables plus its cloudbaserc.json envVariables) and its own module state, as each
 * function is its own container in the cloud. Events and answers cross as JSON, as they do
 * between WeChat and a cloud function.
 */
const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const { main } = require(workerData.bundle);
parentPort.on('message', async ({ id, event, context }) => {
  try {
    const result = await main(JSON.parse(event), context);
    parentPort.postMessage({ id, result: JSON.stringify(result === undefined ? null : result) });
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.stack) || err) });
  }
});
`;

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

class Instance {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  dead = false;

  constructor(name: string, bundle: string, env: Record<string, string>) {
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { bundle },
      env,
      stdout: true,
      stderr: true,
    });
    // The function's logs, as the cloud's log service keeps them apart from the caller's.
    const tag = (d: Buffer) => `${String(d).replace(/^(?=.)/gm, `[fn ${name}] `)}`;
    this.worker.stdout.on('data', (d: Buffer) => process.stdout.write(tag(d)));
    this.worker.stderr.on('data', (d: Buffer) => process.stderr.write(tag(d)));
    this.worker.on('message', (m: { id: number; result?: string; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(JSON.parse(m.result ?? 'null'));
    });
    const die = (err: Error) => {
      this.dead = true;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`function ${name} exited (${code})`)));
  }

  call(event: unknown, context: Record<string, unknown>): Promise<unknown> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, event: JSON.stringify(event ?? {}), context });
    });
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

/**
 * Runs the cloud functions as the cloud would: the real bundle (the same esbuild output that is
 * deployed), one instance per function in its own worker thread, with the timeout and the
 * environment variables cloudbaserc.json gives it, and `main(event, context)` with a
 * per-invocation context whose `environment` carries the caller's WX_OPENID.
 */
export class FunctionRunner {
  private readonly instances = new Map<string, Promise<Instance>>();
  /** Overrides cloudbaserc.json's timeouts when set; tests shorten it to run past it cheaply. */
  timeoutMs: number | undefined;
  /** Invocations still running, including those whose caller was already told they timed out. */
  private readonly running = new Set<Promise<unknown>>();
  /** Read once: the gateway asks on every call, and a directory listing each time adds up. */
  private functions: string[] | undefined;

  constructor(private readonly opts: RunnerOptions) {
    this.timeoutMs = opts.timeoutMs;
  }

  names(): string[] {
    return (this.functions ??= functionNames());
  }

  /** Stops every instance so the next call starts fresh (sources changed, or the store moved). */
  async reload(): Promise<void> {
    const stopping = [...this.instances.values()].map((i) =>
      i.then(
        (x) => x.stop(),
        () => 0,
      ),
    );
    this.instances.clear();
    this.functions = undefined;
    await Promise.all(stopping);
  }

  async invoke(
    name: string,
    event: unknown,
    identity: Identity,
    invocationId: string,
  ): Promise<unknown> {
    const instance = await this.instance(name);
    const timeoutMs = this.timeoutMs ?? functionDeploy(name).timeout * 1000;
    const appId = identity.appid ?? (identity.openid ? LOCAL_APPID : '');
    const context = {
      request_id: invocationId,
      function_name: name,
      function_version: '$LATEST',
      namespace: this.opts.envId,
      memory_limit_in_mb: 256,
      time_limit_in_ms: timeoutMs,
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
      timer = setTimeout(() => reject(new FunctionTimeoutError(name, timeoutMs)), timeoutMs);
    });
    // As in the cloud, a timed-out invocation is not stopped: it runs on, unseen by its caller.
    const run = instance.call(
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

  /** Stops every function instance; the runner can be used again (instances restart). */
  close(): Promise<void> {
    return this.reload();
  }

  /** The function's environment, as `tcb fn deploy` would set it. */
  private env(name: string): Record<string, string> {
    const deploy = functionDeploy(name, readDeployConfig());
    return {
      ...(this.opts.platformEnv ?? fromProcessEnv)(),
      SCF_FUNCTIONNAME: name,
      ...resolveEnvVariables(deploy, this.opts.settings ?? {}),
    };
  }

  private instance(name: string): Promise<Instance> {
    const current = this.instances.get(name);
    if (current) {
      return current.then((i) => {
        if (!i.dead) return i;
        if (this.instances.get(name) === current) this.instances.delete(name);
        return this.instance(name);
      });
    }
    if (!this.names().includes(name)) return Promise.reject(new UnknownFunctionError(name));
    const started = buildForLocal(name).then(
      (bundle) => new Instance(name, bundle, this.env(name)),
    );
    started.catch(() => this.instances.delete(name));
    this.instances.set(name, started);
    return started;
  }
}

export class UnknownFunctionError extends Error {
  constructor(readonly functionName: string) {
    super(`FunctionName parameter could not be found: ${functionName}`);
  }
}
