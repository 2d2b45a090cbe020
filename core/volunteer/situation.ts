import type { Refusal } from '../../typings/api';
import type { TaskAbility } from '../../typings/volunteer';
import { authorize } from '../access';
import { Collections, memberId as memberIdOf } from '../collections';
import { maskName } from '../community/members';
import type { MemberDoc } from '../community/model';
import { AppError } from '../errors';
import type { ActionKey } from '../permissions';
import type { CommandContext } from '../runtime/handler';
import { single } from '../runtime/tx';
import { signupId, type SignupDoc, type TaskDoc } from './model';
import { loadTask } from './queue';
import { abilities, type Situation } from './rules';
import { consentIds, type Viewed } from './view';

export interface Loaded extends Viewed {
  openid: string;
  member: MemberDoc;
}

export async function loadSignup(
  ctx: CommandContext,
  taskId: string,
  memberId: string,
): Promise<SignupDoc | null> {
  const { data } = await ctx.db
    .collection(Collections.volunteerSignups)
    .doc(signupId(taskId, memberId))
    .get();
  return single<SignupDoc>(data) ?? null;
}

/**
 * Loads the task and the caller, authorizing `action` in the task's estate. Round trips: the
 * task, then the membership and (unless `signup: false`) the caller's signup together — three.
 */
export async function situate(
  ctx: CommandContext,
  action: ActionKey,
  taskId: string,
  opts: { signup?: boolean } = {},
): Promise<Loaded> {
  const task = await loadTask(ctx, taskId);
  const mine = ctx.openid ? memberIdOf(task.estateId, ctx.openid) : '';
  const [{ openid, member }, signup] = await Promise.all([
    authorize(ctx, action, task.estateId),
    opts.signup === false || !mine ? Promise.resolve(null) : loadSignup(ctx, task._id, mine),
  ]);
  if (!member) throw new AppError('NOT_MEMBER', '你不是这个小区的成员');
  return {
    task,
    openid,
    member,
    memberId: member._id,
    roles: member.roles,
    signup,
    now: ctx.now,
    consentIds: consentIds(ctx),
  };
}

/** A fresh signup record for the caller (attendance empty). */
export function newSignup(s: Loaded): SignupDoc {
  return {
    _id: signupId(s.task._id, s.memberId),
    taskId: s.task._id,
    estateId: s.task.estateId,
    teamId: s.task.teamId,
    memberId: s.memberId,
    openid: s.openid,
    // Masked as stored: the roster and the team's hours show it to other residents.
    name: maskName(s.member.displayName),
    unitLabel: s.member.unitLabels[0] ?? '',
    active: true,
    joinedAt: s.now,
    leftAt: null,
    checkinAt: null,
    checkoutAt: null,
    minutes: null,
    hoursConfirmedBy: null,
    hoursConfirmedAt: null,
  };
}

/** Writes a whole signup record (a new one, or one a crash left unwritten). One round trip. */
export function saveSignup(ctx: CommandContext, doc: SignupDoc): Promise<unknown> {
  const { _id, ...fields } = doc;
  return ctx.db.collection(Collections.volunteerSignups).doc(_id).set(fields);
}

/** Throws the rules' refusal for `ability`, if any. */
export function assertAbility(s: Situation, ability: TaskAbility): void {
  const verdict: true | Refusal = abilities(s)[ability];
  if (verdict !== true) throw new AppError(verdict.code, verdict.message);
}

/** The same situation after the task changed. */
export const withTask = <S extends Situation>(s: S, task: TaskDoc): S => ({ ...s, task });
