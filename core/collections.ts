import { createHash } from 'node:crypto';

/**
 * Every collection the functions use, in one place: the security rules file
 * (database/security-rules.json) and its test are checked against this list.
 */
export const Collections = {
  estates: 'estates',
  units: 'units',
  members: 'members',
  /** The community office's staff list (社区工作人员): who may create estates. */
  staff: 'staff',
  /** One-time binding codes; the document id is the code itself, so a bind is one get. */
  bindingCodes: 'bindingCodes',
  /** Append-only record of every state change: who, what, when, which estate. */
  auditLog: 'auditLog',
  /** Fixed-window attempt counters (binding-code guessing and other abuse). */
  rateLimits: 'rateLimits',
  proposals: 'proposals',
  /** One per household and proposal (id = proposal + unit). */
  cosigns: 'cosigns',
  /** Community funds (社区基金); each is also the head of its ledger (seq, balance, last hash). */
  funds: 'funds',
  /** Append-only, hash-chained ledger entries; id = fund + sequence number. */
  fundLedger: 'fundLedger',
  fundCampaigns: 'fundCampaigns',
  /** Online payment orders (id = the out_trade_no) and offline donation records. */
  fundDonations: 'fundDonations',
  fundExpenses: 'fundExpenses',
  /** One per proposal put to the vote (id = v_<proposal>). */
  votes: 'votes',
  /** The frozen electorate: one ballot slot per household (or owner in Civil Code mode). */
  voteSlots: 'voteSlots',
  /** One per slot (id = vote + slot), whatever the channel. */
  ballots: 'ballots',
  /** The running tally, in shards. */
  voteTallies: 'voteTallies',
  /** One entry per open or recent thing in an estate (proposal, vote, campaign, task): the home feed. */
  activities: 'activities',
  /** Volunteer teams (志愿服务队); id from estate + name, so names are unique per estate. */
  volunteerTeams: 'volunteerTeams',
  /** Volunteer tasks; each holds its confirmed list and waitlist (docs/volunteers.md). */
  volunteerTasks: 'volunteerTasks',
  /** One per task and member (id = task + member): attendance and credited minutes. */
  volunteerSignups: 'volunteerSignups',
  /** Messages to people, queued with the change they report and sent by the scheduler. */
  notifyOutbox: 'notifyOutbox',
} as const;

export type CollectionName = (typeof Collections)[keyof typeof Collections];

const digest = (text: string, length: number): string =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * A membership's document id: deterministic (one get finds it, and two binds of the same
 * person can never create two memberships) but not the openid itself, since member ids are
 * shown to the committee.
 */
export const memberId = (estateId: string, openid: string): string =>
  `m_${digest(`${estateId}|${openid}`, 24)}`;

/** A unit's document id, from its building and room as written in the roster. */
export const unitId = (estateId: string, building: string, room: string): string =>
  `u_${digest(`${estateId}|${building}|${room}`, 24)}`;

/** A building's id within its estate, from its name in the roster. */
export const buildingId = (name: string): string => `b_${digest(name, 10)}`;
