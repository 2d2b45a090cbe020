/**
 * The API contract between the mini-program and the cloud functions.
 * Both sides import it with `import type`, so nothing here exists at run time.
 * Every action answers `Result<T>`; see docs/api.md for the prose version.
 */

/** Error codes a client may receive. The message that comes with them is Chinese and fit to show. */
export type ErrorCode =
  | 'INVALID_INPUT' // the payload failed validation; `message` says which field and why
  | 'UNKNOWN_ACTION' // the function has no such action
  | 'NOT_SIGNED_IN' // no openid in the invocation context
  | 'NOT_MEMBER' // the caller is not a member of this estate
  | 'FORBIDDEN' // the caller's role may not do this
  | 'NOT_FOUND' // the thing asked for does not exist (or is not visible to the caller)
  | 'CONFLICT' // the state changed under the caller; retrying may help
  | 'RATE_LIMITED' // too many attempts; wait and retry
  | 'INTERNAL'; // a bug or an outage; nothing was changed that the caller can see

export interface Ok<T> {
  ok: true;
  data: T;
}
export interface Fail {
  ok: false;
  code: ErrorCode;
  message: string;
  /** For INVALID_INPUT: the offending field path, e.g. `options[2]`. */
  field?: string;
}
export type Result<T> = Ok<T> | Fail;

/** An action's request payload (without `action`) and its `data` on success. */
export interface ActionSpec<Req, Res> {
  req: Req;
  res: Res;
}

// ---------------------------------------------------------------- community

export type Role = 'resident' | 'lead' | 'committee' | 'staff';

export interface EstateSummary {
  id: string;
  name: string;
  district: string;
  buildings: number;
  units: number;
  /** Households with at least one bound member. */
  boundUnits: number;
}

/** One thing going on in the estate, as the home page lists it. */
export interface ActivityItem {
  kind: 'proposal' | 'vote' | 'campaign' | 'task';
  id: string;
  title: string;
  /** Server-computed status line, e.g. "联署中 · 还需 3 户". */
  status: string;
  /** ISO 8601 time the item was last updated; the list is newest first. */
  updatedAt: string;
}

export interface HomeData {
  estate: EstateSummary;
  /** The caller's roles in this estate; empty when not a member. */
  roles: Role[];
  /** The caller's unit labels in this estate, e.g. "1栋 1单元 302". */
  units: string[];
  activities: ActivityItem[];
  /** Counts per kind of what is open now. */
  open: Record<ActivityItem['kind'], number>;
}

export interface CommunityApi {
  /** What the estate has going on, for the home page. Without `estateId`: the caller's first estate. */
  home: ActionSpec<{ estateId?: string }, HomeData>;
}

/** All functions and their actions: `Api['community']['home']['req']`. */
export interface Api {
  community: CommunityApi;
}
export type FunctionName = keyof Api;
export type ActionName<F extends FunctionName> = keyof Api[F] & string;
export type ReqOf<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends ActionSpec<infer R, unknown> ? R : never;
export type ResOf<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends ActionSpec<unknown, infer R> ? R : never;
