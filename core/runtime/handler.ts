import tcb from '@cloudbase/node-sdk';
import type { ErrorCode, Fail, Result } from '../../typings/api';
import { AppError } from '../errors';
import { choosePorts, type FunctionPorts, type Ports } from '../ports';
import type { Schema } from '../validate';

export type Database = ReturnType<ReturnType<typeof tcb.init>['database']>;

/** What a command gets besides its validated payload. */
export interface CommandContext {
  db: Database;
  /** The caller's WeChat openid; undefined for anonymous calls and timer triggers. */
  openid?: string;
  /** The time of this invocation, taken once so a command sees one consistent "now". */
  now: Date;
  /** Payment, notification and the rest, as the function chose them at its entry. */
  ports: Ports;
}

export interface Command<Req, Res> {
  input: Schema<Req>;
  run(ctx: CommandContext, req: Req): Promise<Res>;
}

/** Declares a command; the generic ties the schema's output to `run`'s payload. */
export function command<Req, Res>(
  input: Schema<Req>,
  run: (ctx: CommandContext, req: Req) => Promise<Res>,
): Command<Req, Res> {
  return { input, run };
}

/** The SCF invocation context, as far as we use it. */
export interface InvocationContext {
  request_id?: string;
  environment?: string;
  [key: string]: unknown;
}

function fail(code: ErrorCode, message: string, field?: string, details?: Fail['details']): Fail {
  const out: Fail = { ok: false, code, message };
  if (field !== undefined) out.field = field;
  if (details !== undefined) out.details = details;
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Commands = Record<string, Command<any, unknown>>;

/**
 * Builds a cloud function's `main`: routes `event.action` to a command, validates the rest
 * of the event against the command's schema, and turns every outcome into a `Result`.
 * Identity comes from the invocation context only, never from the payload. The routing table
 * and the settings the ports read stay readable as `main.commands` and `main.settings`, so
 * tests can reach every action and check the deploy config.
 */
export function createHandler(
  commands: Commands,
  { ports, settings, envId }: FunctionPorts = choosePorts(process.env, {}),
) {
  async function main(event: unknown, context: InvocationContext = {}): Promise<Result<unknown>> {
    // `userInfo` is the platform's envelope, not the caller's payload: wx.cloud.callFunction
    // injects `{ appId, openId }` into every event (and the HTTP API `{ appId }`). It is dropped
    // unread; who is calling comes from the invocation context.
    const {
      action,
      userInfo: _envelope,
      ...payload
    } = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
    if (typeof action !== 'string' || !Object.prototype.hasOwnProperty.call(commands, action)) {
      return fail('UNKNOWN_ACTION', '不支持的操作');
    }
    const cmd = commands[action];
    try {
      const req = cmd.input.parse(payload, '', { envId });
      const ctx = createCommandContext(context, ports);
      return { ok: true, data: await cmd.run(ctx, req) };
    } catch (err) {
      return toFailure(err);
    }
  }
  return Object.assign(main, { commands, settings });
}

function createCommandContext(context: InvocationContext, ports: Ports): CommandContext {
  const { WX_OPENID } = tcb.getCloudbaseContext(context as never);
  const app = tcb.init({
    env: tcb.SYMBOL_CURRENT_ENV,
    context: context as never,
    // Lets the local CloudBase attribute database calls to this invocation (round-trip counts,
    // fault injection). The cloud ignores the header.
    headers: context.request_id ? { 'x-gongzhi-invocation': context.request_id } : undefined,
  });
  return { db: app.database(), openid: WX_OPENID || undefined, now: ports.clock.now(), ports };
}

function toFailure(err: unknown): Fail {
  if (err instanceof AppError) return fail(err.code, err.message, err.field, err.details);
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'DATABASE_TRANSACTION_CONFLICT') {
    return fail('CONFLICT', '同时操作的人较多，请稍后再试');
  }
  // A bug or an outage: log it for us, show the user nothing internal.
  console.error('[gongzhi] unexpected error', err);
  return fail('INTERNAL', '服务暂时不可用，请稍后再试');
}
