import type { MemberDoc } from '../community/model';
import { assertAllowed, authorize, requireSignedIn } from '../access';
import { Collections } from '../collections';
import { AppError } from '../errors';
import { REFUSALS, type ActionKey } from '../permissions';
import type { CommandContext } from '../runtime/handler';

/**
 * The caller's membership for an estate-wide action: of `estateId`, or, when the page does not
 * know the estate yet (opened from a menu), the caller's first estate. One round trip.
 */
export async function membership(
  ctx: CommandContext,
  action: ActionKey,
  estateId: string | undefined,
): Promise<{ openid: string; member: MemberDoc }> {
  if (estateId) {
    const { openid, member } = await authorize(ctx, action, estateId);
    if (!member) throw new AppError(REFUSALS.notMember.code, REFUSALS.notMember.message);
    return { openid, member };
  }
  const openid = requireSignedIn(ctx);
  const { data } = await ctx.db
    .collection(Collections.members)
    .where({ openid })
    .orderBy('joinedAt', 'asc')
    .limit(1)
    .get();
  const member = (data as MemberDoc[])[0];
  assertAllowed(action, { openid, roles: member?.roles });
  if (!member) throw new AppError(REFUSALS.notMember.code, REFUSALS.notMember.message);
  return { openid, member };
}
