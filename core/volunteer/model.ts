import { createHash } from 'node:crypto';
import type { TaskStatus } from '../../typings/volunteer';

/** Documents as stored. */

export interface TeamDoc {
  _id: string;
  estateId: string;
  name: string;
  description: string;
  createdBy: string;
  createdAt: Date;
}

/**
 * A task holds its own lists of member ids: `confirmed` (at most `places`) and `waitlist` (in
 * order). Every change to them is one atomic conditional update of this document, so neither
 * can ever be wrong under concurrency (docs/volunteers.md, "Places and the waitlist").
 * Invariant: the waitlist is non-empty only while `confirmed` is full.
 */
export interface TaskDoc {
  _id: string;
  estateId: string;
  teamId: string;
  teamName: string;
  title: string;
  description: string;
  place: string;
  startAt: Date;
  endAt: Date;
  signupDeadline: Date;
  places: number;
  creditMinutes: number;
  status: TaskStatus;
  confirmed: string[];
  waitlist: string[];
  /** Bumped by every change of the lists or the details: orders writes of the home feed. */
  version: number;
  /** HMAC key of the check-in codes; never leaves the server. */
  checkinSecret: string;
  organiserMemberId: string;
  organiserLabel: string;
  cancelReason: string | null;
  /** When the scheduler queues the day / hour reminders; null once queued (or too late). */
  remindDayAt: Date | null;
  remindHourAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One per task and member; the lists in the task say whether it holds a place. */
export interface SignupDoc {
  _id: string;
  taskId: string;
  estateId: string;
  teamId: string;
  memberId: string;
  openid: string;
  /** Masked display name and household, as the organiser's roster shows them. */
  name: string;
  unitLabel: string;
  /** False once the volunteer left the task (their attendance, if any, is kept). */
  active: boolean;
  joinedAt: Date;
  leftAt: Date | null;
  checkinAt: Date | null;
  checkoutAt: Date | null;
  /** Credited minutes: from check-in/out, or as the organiser confirmed them. */
  minutes: number | null;
  hoursConfirmedBy: string | null;
  hoursConfirmedAt: Date | null;
}

const digest = (text: string, length: number): string =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/** Team names are unique per estate: the id is derived from them. */
export const teamId = (estateId: string, name: string): string =>
  `vt_${digest(`${estateId}|${name}`, 20)}`;

/** One signup per task and member, whatever the retries. */
export const signupId = (taskId: string, memberId: string): string => `${taskId}_${memberId}`;

export const activityId = (taskId: string): string => `task_${taskId}`;
export const topicOf = (taskId: string): string => `task:${taskId}`;
export const taskPath = (taskId: string): string =>
  `/pages/volunteer-task/volunteer-task?id=${taskId}`;
