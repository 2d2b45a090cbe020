import type { MyAttendance, TaskSummary, TaskView } from '../../typings/volunteer';
import { hoursText, timeText } from './format';
import { taskPath, type SignupDoc, type TaskDoc } from './model';
import { NOTICE_TEMPLATES } from './notices';
import type { CommandContext } from '../runtime/handler';
import {
  abilities,
  isOrganiser,
  myLine,
  placesOf,
  standingOf,
  statusLine,
  statusOf,
  type Situation,
} from './rules';

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function toSummary(t: TaskDoc, memberId: string, now: Date): TaskSummary {
  const standing = standingOf(t, memberId);
  return {
    id: t._id,
    title: t.title,
    teamId: t.teamId,
    teamName: t.teamName,
    place: t.place,
    startAt: t.startAt.toISOString(),
    endAt: t.endAt.toISOString(),
    signupDeadline: t.signupDeadline.toISOString(),
    timeText: timeText(t.startAt, t.endAt),
    status: statusOf(t, now),
    statusLine: statusLine(t, now),
    places: placesOf(t),
    myStatus: standing.status,
    waitlistPosition: standing.position,
  };
}

export function attendanceOf(s: SignupDoc | null): MyAttendance {
  return {
    checkinAt: iso(s?.checkinAt),
    checkoutAt: iso(s?.checkoutAt),
    minutes: s?.minutes ?? null,
    hoursText: s?.minutes != null ? hoursText(s.minutes) : '',
    hoursConfirmed: Boolean(s?.hoursConfirmedBy),
  };
}

/** What the task page shows: everything computed here, the page only renders. */
/** A situation as a page sees it: with the subscription templates it may ask consent for. */
export interface Viewed extends Situation {
  consentIds: string[];
}

/** The templates of the task notices this function's channel can send (none not set up). */
export const consentIds = (ctx: CommandContext): string[] =>
  ctx.ports.notify.consentIds(NOTICE_TEMPLATES);

export function toView(s: Viewed): TaskView {
  const t = s.task;
  return {
    ...toSummary(t, s.memberId, s.now),
    estateId: t.estateId,
    description: t.description,
    creditMinutes: t.creditMinutes,
    creditText: hoursText(t.creditMinutes),
    organiser: t.organiserLabel,
    cancelReason: t.cancelReason,
    myLine: myLine(t, standingOf(t, s.memberId)),
    attendance: attendanceOf(s.signup),
    can: abilities(s),
    isOrganiser: isOrganiser(s),
    share: { title: `${t.title} · ${timeText(t.startAt, t.endAt)}`, path: taskPath(t._id) },
    subscribeTemplateIds: s.consentIds,
  };
}
