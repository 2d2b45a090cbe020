import { Collections, memberId } from './collections';
import type { MemberDoc } from './community/model';
import { AppError } from './errors';
import { decide, POLICY, REFUSALS, type ActionKey, type Caller } from './permissions';
import type { CommandContext } from './runtime/handler';
import type { IndexDecl } from './indexes';

/** The caller's openid, or a refusal: every action but the public ones needs a WeChat identity. */
export function requireSignedIn(ctx: CommandContext): string {
  if (!ctx.openid) throw new AppError(REFUSALS.notSignedIn.code, REFUSALS.notSignedIn.message);
  return ctx.openid;
}

export async function getMember(
  ctx: CommandContext,
  estateId: string,
  openid: string,
): Promise<MemberDoc | undefined> {
  const { data } = await ctx.db
    .collection(Collections.members)
    .doc(memberId(estateId, openid))
    .get();
  return (data as MemberDoc[])[0];
}

export interface Authorized {
  openid: string;
  /** The caller's membership of the estate, when the action is taken in one. */
  member?: MemberDoc;
}

/**
 * Asks the policy table whether the caller may take `action` (in `estateId`), looking up only
 * what the rule needs: nothing, the staff list, or the membership (one get each).
 */
export async function authorize(
  ctx: CommandContext,
  action: ActionKey,
  estateId?: string,
): Promise<Authorized> {
  if (POLICY[action].who === 'system') {
    assertAllowed(action, { openid: ctx.openid });
    return { openid: 'system' };
  }
  const openid = requireSignedIn(ctx);
  let member: MemberDoc | undefined;
  let officeStaff = false;
  if (POLICY[action].who === 'officeStaff') {
    const { data } = await ctx.db.collection(Collections.staff).doc(openid).get();
    officeStaff = (data as unknown[]).length > 0;
  } else if (estateId !== undefined) {
    member = await getMember(ctx, estateId, openid);
  }
  assertAllowed(action, { openid, roles: member?.roles, officeStaff });
  return { openid, member };
}

/** Throws the policy table's refusal, if any. */
export function assertAllowed(action: ActionKey, caller: Caller): void {
  const verdict = decide(action, caller);
  if (verdict !== true) throw new AppError(verdict.code, verdict.message);
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.members,
    keys: { openid: 1, joinedAt: 1 },
    why: "a person's memberships, oldest first",
  },
];

/**
 * The caller's membership for an estate-wide action: of `estateId`, or, when the page does not
 * know the estate yet (opened from the home screen or a menu), of the caller's first estate.
 * One round trip either way.
 */
export async function authorizeMember(
  ctx: CommandContext,
  action: ActionKey,
  estateId: string | undefined,
): Promise<{ openid: string; member: MemberDoc }> {
  const openid = requireSignedIn(ctx);
  let member: MemberDoc | undefined;
  if (estateId) member = await getMember(ctx, estateId, openid);
  else {
    const { data } = await ctx.db
      .collection(Collections.members)
      .where({ openid })
      .orderBy('joinedAt', 'asc')
      .limit(1)
      .get();
    member = (data as MemberDoc[])[0];
  }
  assertAllowed(action, { openid, roles: member?.roles });
  if (!member) throw new AppError(REFUSALS.notMember.code, REFUSALS.notMember.message);
  return { openid, member };
}
