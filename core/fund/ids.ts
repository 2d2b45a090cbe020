import { createHash, randomBytes } from 'node:crypto';

const digest = (text: string, length: number): string =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/** A fresh id for things nobody can create twice by accident (a fund, a campaign). */
export const newId = (prefix: string): string => `${prefix}${randomBytes(10).toString('hex')}`;

/**
 * The id of a request made with an idempotency key: the same person repeating the same request
 * lands on the same document, so the insert fails instead of creating a second one. 32
 * characters of [a-z0-9], which WeChat Pay accepts as an out_trade_no.
 */
export const requestId = (prefix: 'd' | 'o' | 'e', scope: string, openid: string, key: string) =>
  `${prefix}${digest(`${scope}|${openid}|${key}`, 31)}`;

/** The home feed's entry for a campaign (see docs/architecture.md). */
export const activityId = (campaignId: string): string => `campaign_${campaignId}`;
