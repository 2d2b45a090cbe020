import type { ActionSpec, Refusal } from './api';

/**
 * 志愿: teams, tasks with places and a waitlist, check-in with the organiser's rotating code,
 * hours (integer minutes) and the volunteer's service record. Every time is ISO 8601.
 */

export type TaskStatus = 'open' | 'cancelled' | 'ended';
/** Where the caller stands: a place, a waitlist position, or nothing (never signed up, or left). */
export type MyTaskStatus = 'none' | 'confirmed' | 'waitlisted';

export interface TeamSummary {
  id: string;
  name: string;
  description: string;
}

export interface PlacesView {
  places: number;
  confirmed: number;
  waitlisted: number;
  /** Places still free (0 when full). */
  left: number;
  /** Confirmed share of places, whole percent (for the places bar). */
  filledPercent: number;
  /** e.g. "还剩 3 个名额" or "已满，候补 5 人". */
  line: string;
}

/** One task as lists show it. */
export interface TaskSummary {
  id: string;
  title: string;
  teamId: string;
  teamName: string;
  place: string;
  startAt: string;
  endAt: string;
  signupDeadline: string;
  /** e.g. "11月22日 周六 19:00–21:00" (China time). */
  timeText: string;
  status: TaskStatus;
  /** e.g. "还剩 3 个名额", "已满，候补 5 人", "报名已截止", "已取消". */
  statusLine: string;
  places: PlacesView;
  myStatus: MyTaskStatus;
  /** 1-based; null unless waitlisted. */
  waitlistPosition: number | null;
}

export type TaskAbility = 'signup' | 'cancelSignup' | 'checkin' | 'checkout' | 'manage';

export interface MyAttendance {
  checkinAt: string | null;
  checkoutAt: string | null;
  /** Credited minutes (after check-out or the organiser's confirmation); null before. */
  minutes: number | null;
  /** e.g. "2 小时 30 分". */
  hoursText: string;
  /** The organiser confirmed (or corrected) the minutes. */
  hoursConfirmed: boolean;
}

/** What the task page shows; everything computed by the server. */
export interface TaskView extends TaskSummary {
  estateId: string;
  description: string;
  /** Hours the task credits at most, in minutes. */
  creditMinutes: number;
  creditText: string;
  /** Who posted it, e.g. "1栋1单元302住户（楼长）". */
  organiser: string;
  cancelReason: string | null;
  /** The signup line under the button: "报名成功，你是第 3 位候补" etc. */
  myLine: string;
  attendance: MyAttendance;
  /** What the caller may do now, and why not. */
  can: Record<TaskAbility, true | Refusal>;
  isOrganiser: boolean;
  /** For onShareAppMessage: opens this task. */
  share: { title: string; path: string };
  /** Subscription templates to ask consent for before signing up (empty when not configured). */
  subscribeTemplateIds: string[];
}

export interface TaskInput {
  teamId: string;
  title: string;
  description: string;
  place: string;
  startAt: string;
  endAt: string;
  signupDeadline: string;
  places: number;
  /** Default: the task's duration. */
  creditMinutes?: number;
}

export interface RosterRow {
  memberId: string;
  /** Masked, e.g. "1栋1单元302住户". */
  name: string;
  unitLabel: string;
  status: 'confirmed' | 'waitlisted';
  /** Waitlist position (1-based), or the place number for confirmed volunteers. */
  position: number;
  joinedAt: string | null;
  checkinAt: string | null;
  checkoutAt: string | null;
  minutes: number | null;
  hoursText: string;
  hoursConfirmed: boolean;
}

export interface RosterData {
  task: TaskSummary;
  confirmed: RosterRow[];
  waitlist: RosterRow[];
  /** Volunteers who checked in but left the list afterwards are never dropped from the hours. */
  totalMinutes: number;
  /** Hours may be confirmed from the start of the task on. */
  canConfirmHours: true | Refusal;
}

export interface CheckinCodeData {
  /** Six digits, shown large. */
  code: string;
  /** What the QR code encodes (the volunteer's scan sends it as `code`). */
  payload: string;
  /** When this code stops being accepted. */
  validUntil: string;
  /** When the page should ask for the next code. */
  refreshAt: string;
}

export interface HoursRecord {
  taskId: string;
  title: string;
  teamName: string;
  place: string;
  startAt: string;
  endAt: string;
  minutes: number;
  hoursText: string;
  hoursConfirmed: boolean;
}

export interface HoursByTeam {
  teamId: string;
  teamName: string;
  minutes: number;
  hoursText: string;
}

export interface MyHoursData {
  estateId: string;
  totalMinutes: number;
  totalText: string;
  /** Tasks with credited time. */
  tasks: number;
  byTeam: HoursByTeam[];
  /** Newest first. */
  records: HoursRecord[];
}

export interface TeamHoursRow {
  teamId: string;
  teamName: string;
  minutes: number;
  hoursText: string;
  /** Distinct volunteers with credited time. */
  volunteers: number;
  tasks: number;
}

export interface TeamHoursData {
  teams: TeamHoursRow[];
  /** With `teamId`: that team's volunteers, most hours first (masked names), at most 50. */
  volunteers: Array<{ name: string; minutes: number; hoursText: string }>;
}

export interface ExportRecordData {
  filename: string;
  /** UTF-8 CSV with a BOM-less header row; one row per task, then the total. */
  csv: string;
  rows: number;
  totalMinutes: number;
}

export interface VolunteerApi {
  /** Committee/staff: a team, e.g. 邻里安全志愿服务队 (names unique in the estate). */
  createTeam: ActionSpec<{ estateId: string; name: string; description?: string }, TeamSummary>;
  /** Lead/committee/staff: a task of a team. */
  createTask: ActionSpec<{ estateId: string } & TaskInput, TaskView>;
  /** The organiser: change details; volunteers are told when the time or place changes. */
  updateTask: ActionSpec<{ taskId: string } & Partial<TaskInput>, TaskView>;
  /** The organiser: call it off with a reason; every signed-up volunteer is told. */
  cancelTask: ActionSpec<{ taskId: string; reason: string }, TaskView>;
  /** A place, or a waitlist position when full. Repeating it changes nothing. */
  signup: ActionSpec<{ taskId: string }, TaskView>;
  /** Frees the place (the first on the waitlist gets it and is told) or the waitlist position. */
  cancelSignup: ActionSpec<{ taskId: string }, TaskView>;
  get: ActionSpec<{ taskId: string }, TaskView>;
  /** Soonest first for upcoming; newest first for past and mine. 20 a page. */
  list: ActionSpec<
    {
      /** Default: the caller's first estate (the answer says which). */
      estateId?: string;
      scope?: 'upcoming' | 'mine' | 'past';
      teamId?: string;
      page?: number;
    },
    {
      estateId: string;
      items: TaskSummary[];
      hasMore: boolean;
      teams: TeamSummary[];
      canCreate: true | Refusal;
    }
  >;
  /** The organiser: confirmed volunteers and the waitlist in order, with attendance. */
  roster: ActionSpec<{ taskId: string }, RosterData>;
  /** The organiser: the current check-in code (rotates every minute). */
  checkinCode: ActionSpec<{ taskId: string }, CheckinCodeData>;
  /** A confirmed volunteer, with the organiser's current code (or the scanned QR payload). */
  checkin: ActionSpec<{ taskId: string; code: string }, TaskView>;
  checkout: ActionSpec<{ taskId: string; code: string }, TaskView>;
  /** The organiser, from the start of the task: minutes per volunteer (0 = did not come). */
  confirmHours: ActionSpec<
    { taskId: string; entries: Array<{ memberId: string; minutes: number }> },
    RosterData
  >;
  /** Default estate: the caller's first. */
  myHours: ActionSpec<{ estateId?: string }, MyHoursData>;
  teamHours: ActionSpec<{ estateId?: string; teamId?: string }, TeamHoursData>;
  /**
   * The caller's service record (志愿服务记录) as CSV. Name and ID number are typed in for the
   * export only, never stored; the ID number is printed masked.
   */
  exportRecord: ActionSpec<
    { estateId: string; realName?: string; idNumber?: string },
    ExportRecordData
  >;
}
