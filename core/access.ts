import { AppError } from './errors';
import type { CommandContext } from './runtime/handler';

/** The caller's openid, or a refusal: every member action needs a WeChat identity. */
export function requireSignedIn(ctx: CommandContext): string {
  if (!ctx.openid) throw new AppError('NOT_SIGNED_IN', '请在微信中打开');
  return ctx.openid;
}
