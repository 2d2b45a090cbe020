import type { MessageContent } from '../notify/model';

/**
 * The notification port: what the outbox needs from a channel. Its adapter is WeChat's
 * subscription messages (ports/wechat/subscribe.ts), which the local CloudBase answers as
 * WeChat would, consent and all (local/wechat/openapi.ts).
 */
export interface Delivery extends MessageContent {
  /** The outbox id: adapters that can deduplicate use it. */
  id: string;
  toOpenid: string;
}

export type SendOutcome =
  | { ok: true }
  /** `retry`: worth trying again later (an outage); otherwise the channel refused it for good. */
  | { ok: false; retry: boolean; reason: string };

export interface NotifyPort {
  readonly channel: string;
  send(message: Delivery): Promise<SendOutcome>;
  /**
   * The channel's template ids for these message kinds, for the mini-program to ask the user's
   * consent with (wx.requestSubscribeMessage). Empty when the channel needs no consent.
   */
  consentIds(templates: readonly string[]): string[];
}
