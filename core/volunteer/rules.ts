import type { Refusal, Role } from '../../typings/api';
import type { MyTaskStatus, PlacesView, TaskAbility, TaskStatus } from '../../typings/volunteer';
import { floorDiv } from '../intmath';
import type { SignupDoc, TaskDoc } from './model';

/** The volunteer rules, pure: places, standing, phases, what one may do, credited minutes. */

export const PLACES_MAX = 500;
/** Keeps the task document small (member ids are 26 characters). */
export const WAITLIST_MAX = 500;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const MAX_DURATION_MS = 24 * HOUR;
/** Check-in opens this long before the start: volunteers gather early. */
export const CHECKIN_OPENS_BEFORE_MS = 30 * MINUTE;
/** Check-out stays open this long after the end: people forget, organisers are busy. */
export const CHECKOUT_GRACE_MS = 2 * HOUR;

export function placesOf(t: Pick<TaskDoc, 'places' | 'confirmed' | 'waitlist'>): PlacesView {
  const confirmed = t.confirmed.length;
  const waitlisted = t.waitlist.length;
  const left = Math.max(0, t.places - confirmed);
  let line: string;
  if (left > 0) line = `还剩 ${left} 个名额`;
  else if (waitlisted > 0) line = `已满，候补 ${waitlisted} 人`;
  else line = '已满，可候补';
  return {
    places: t.places,
    confirmed,
    waitlisted,
    left,
    filledPercent: floorDiv(Math.min(confirmed, t.places) * 100, t.places),
    line,
  };
}

export interface Standing {
  status: MyTaskStatus;
  /** 1-based waitlist position, or null. */
  position: number | null;
}

export function standingOf(t: Pick<TaskDoc, 'confirmed' | 'waitlist'>, memberId: string): Standing {
  if (t.confirmed.includes(memberId)) return { status: 'confirmed', position: null };
  const i = t.waitlist.indexOf(memberId);
  return i >= 0 ? { status: 'waitlisted', position: i + 1 } : { status: 'none', position: null };
}

/** Where a task is in its life, from its stored status and the clock. */
export type Phase = 'cancelled' | 'signup' | 'closed' | 'running' | 'ended';

export function phaseOf(t: TaskDoc, now: Date): Phase {
  if (t.status === 'cancelled') return 'cancelled';
  if (t.status === 'ended' || now >= t.endAt) return 'ended';
  if (now >= t.startAt) return 'running';
  return now < t.signupDeadline ? 'signup' : 'closed';
}

export function statusOf(t: TaskDoc, now: Date): TaskStatus {
  const phase = phaseOf(t, now);
  return phase === 'cancelled' ? 'cancelled' : phase === 'ended' ? 'ended' : 'open';
}

/** The one line for lists and the home feed. */
export function statusLine(t: TaskDoc, now: Date): string {
  const places = placesOf(t);
  switch (phaseOf(t, now)) {
    case 'cancelled':
      return '已取消';
    case 'ended':
      return '已结束';
    case 'running':
      return '进行中';
    case 'closed':
      return `报名已截止 · 已报名 ${places.confirmed}/${places.places}`;
    default:
      return places.line;
  }
}

/** The line under the signup button. */
export function myLine(t: TaskDoc, standing: Standing): string {
  if (standing.status === 'confirmed') return '你已报名，届时请准时到场签到';
  if (standing.status === 'waitlisted') {
    return `名额已满，你是第 ${standing.position} 位候补；有人取消时按顺序递补并通知你`;
  }
  return placesOf(t).left > 0 ? '' : '名额已满，报名将进入候补';
}

/** Everything the rules need to know about the caller and the task right now. */
export interface Situation {
  task: TaskDoc;
  memberId: string;
  roles: readonly Role[];
  signup: SignupDoc | null;
  now: Date;
}

/** The task's poster, the committee and staff run it; other leads are volunteers here. */
export function isOrganiser(s: Pick<Situation, 'task' | 'memberId' | 'roles'>): boolean {
  return (
    s.task.organiserMemberId === s.memberId ||
    s.roles.includes('committee') ||
    s.roles.includes('staff')
  );
}

const state = (message: string): Refusal => ({ code: 'INVALID_STATE', message });
const all = (...checks: Array<true | Refusal>): true | Refusal =>
  checks.find((c) => c !== true) ?? true;

/** Who came cannot un-come: the record of service stays. */
export const CHECKED_IN = '你已经签到，不能再取消报名';

const PHASE_REFUSAL: Record<Exclude<Phase, 'signup'>, string> = {
  cancelled: '这个任务已取消',
  closed: '报名已截止',
  running: '任务已经开始',
  ended: '任务已经结束',
};

/**
 * What the caller may do with the task, and why not. The page shows it and every command
 * enforces it (assertAbility): one rule for both.
 */
export function abilities(s: Situation): Record<TaskAbility, true | Refusal> {
  const { task: t, now } = s;
  const phase = phaseOf(t, now);
  const standing = standingOf(t, s.memberId);
  const signedUp = standing.status !== 'none';
  const inPhase = (...ok: Phase[]): true | Refusal =>
    ok.includes(phase) ? true : state(PHASE_REFUSAL[phase as Exclude<Phase, 'signup'>]);
  const checkinOpens = new Date(t.startAt.getTime() - CHECKIN_OPENS_BEFORE_MS);
  const checkoutCloses = new Date(t.endAt.getTime() + CHECKOUT_GRACE_MS);
  const attendance = s.signup;

  return {
    signup: all(
      inPhase('signup'),
      signedUp ? state('你已经报名了') : true,
      placesOf(t).left === 0 && t.waitlist.length >= WAITLIST_MAX
        ? state('名额和候补都已满')
        : true,
    ),
    cancelSignup: all(
      signedUp ? true : state('你还没有报名'),
      inPhase('signup', 'closed'),
      attendance?.checkinAt ? state(CHECKED_IN) : true,
    ),
    checkin: all(
      t.status === 'cancelled' ? state(PHASE_REFUSAL.cancelled) : true,
      standing.status === 'confirmed' || attendance?.checkinAt
        ? true
        : state('只有已确认名额的志愿者可以签到'),
      attendance?.checkinAt ? state('你已经签到了') : true,
      now < checkinOpens ? state('开始前 30 分钟才能签到') : true,
      now >= t.endAt ? state('任务已经结束，不能再签到') : true,
    ),
    checkout: all(
      attendance?.checkinAt ? true : state('请先签到'),
      attendance?.checkoutAt ? state('你已经签退了') : true,
      now > checkoutCloses ? state('已过签退时间，请联系组织者确认时长') : true,
    ),
    manage: isOrganiser(s)
      ? true
      : { code: 'FORBIDDEN', message: '只有任务的组织者、业委会或社区工作人员可以管理这个任务' },
  };
}

/**
 * Credited minutes: the time present within the task's hours, in whole minutes, at most the
 * task's credit. Arriving early or leaving late earns nothing extra.
 */
export function creditedMinutes(
  t: Pick<TaskDoc, 'startAt' | 'endAt' | 'creditMinutes'>,
  checkinAt: Date,
  checkoutAt: Date,
): number {
  const from = Math.max(checkinAt.getTime(), t.startAt.getTime());
  const to = Math.min(checkoutAt.getTime(), t.endAt.getTime());
  if (to <= from) return 0;
  return Math.min(t.creditMinutes, floorDiv(to - from, MINUTE));
}

/** Whole minutes from start to end. */
export const durationMinutes = (start: Date, end: Date): number =>
  floorDiv(Math.max(0, end.getTime() - start.getTime()), MINUTE);

/**
 * When the day and hour reminders are queued; null when that moment has passed already (a
 * task posted two hours ahead gets no "tomorrow" reminder).
 */
export function reminderTimes(
  startAt: Date,
  now: Date,
): { remindDayAt: Date | null; remindHourAt: Date | null } {
  const at = (before: number) => {
    const t = new Date(startAt.getTime() - before);
    return t > now ? t : null;
  };
  return { remindDayAt: at(24 * HOUR), remindHourAt: at(HOUR) };
}
