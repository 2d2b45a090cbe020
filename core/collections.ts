/**
 * Every collection the functions use, in one place: the security rules file
 * (database-rules.json) and its test are checked against this list.
 */
export const Collections = {
  estates: 'estates',
  units: 'units',
  members: 'members',
  /** One entry per open or recent thing in an estate (proposal, vote, campaign, task): the home feed. */
  activities: 'activities',
} as const;

export type CollectionName = (typeof Collections)[keyof typeof Collections];

/** A member's document id: one membership per estate and openid, so lookups are a single get. */
export const memberId = (estateId: string, openid: string): string => `${estateId}_${openid}`;
