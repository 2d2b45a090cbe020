/**
 * The API contract between the mini-program and the cloud functions.
 * Both sides import it with `import type`, so nothing here exists at run time.
 * Every action answers `Result<T>`; see docs/api.md for the prose version.
 */

// Each area's actions live in its own file (typings/<area>.ts); add the area to `Api` below.
import type { CommunityApi } from './community';
import type { FundApi } from './fund';
import type { ProposalApi } from './proposal';
import type { SchedulerApi } from './scheduler';
import type { VolunteerApi } from './volunteer';
import type { VoteApi } from './vote';

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
  | 'INVALID_STATE' // not possible in the thing's current state (e.g. co-signing a closed proposal)
  | 'NOT_SET_UP' // the feature needs a deployment setting the estate has not made (message says which)
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
  /** For INVALID_INPUT on a file (a roster CSV): every offending line, so all can be fixed at once. */
  details?: RowError[];
}

export interface RowError {
  /** 1-based line in the file, counting the header line. */
  line: number;
  message: string;
}
export type Result<T> = Ok<T> | Fail;

/** A stored file (an evidence photo, an attachment) with a temporary URL to show it by. */
export interface Photo {
  fileId: string;
  /** Works for a few minutes: ask again rather than keep it. */
  url: string;
}

/** A refusal the UI can show for an action the caller may not take (see `community.me` → `can`). */
export interface Refusal {
  code: ErrorCode;
  message: string;
}

/** An action's request payload (without `action`) and its `data` on success. */
export interface ActionSpec<Req, Res> {
  req: Req;
  res: Res;
}

export type { ActivityItem, EstateSummary, HomeData, Role } from './community';

/** All functions and their actions: `Api['community']['home']['req']`. */
export interface Api {
  community: CommunityApi;
  fund: FundApi;
  proposal: ProposalApi;
  scheduler: SchedulerApi;
  volunteer: VolunteerApi;
  vote: VoteApi;
}

export type FunctionName = keyof Api;
export type ActionName<F extends FunctionName> = keyof Api[F] & string;
export type ReqOf<F extends FunctionName, A extends ActionName<F>> =
  Api[F][A] extends ActionSpec<infer R, unknown> ? R : never;
export type ResOf<F extends FunctionName, A extends ActionName<F>> =
  Api[F][A] extends ActionSpec<unknown, infer R> ? R : never;
