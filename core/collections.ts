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
  /** One entry per open or recent thing in an estate (proposal, vote, campaign, task): the home feed. */
  activities: 'activities',
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
