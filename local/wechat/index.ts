import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_MERCHANT_ID, LOCAL_TEMPLATES } from '../settings';
import { JournalMap } from './journal';
import { OpenApiEmulator, type DeliveredMessage, type Template } from './openapi';
import { WechatPayEmulator, type PayOrderRecord } from './pay';

export type { DeliveredMessage } from './openapi';

/**
 * The WeChat side of the platform, played by the local CloudBase so that the functions' WeChat
 * adapters (core/ports/wechat/) run unchanged: WeChat Pay and the subscription messages of
 * 云调用. Nothing here is deployed; in the cloud WeChat itself answers.
 */
export interface WechatOptions {
  merchantId?: string;
  templates?: Record<string, Template>;
}

export interface WechatDeps {
  envId: string;
  dataDir: string | null;
  functionExists(name: string): boolean;
  /** Runs a function with an event and no caller (as the platform's callbacks do). */
  invoke(name: string, event: Record<string, unknown>, invocationId: string): Promise<unknown>;
}

const appPages = (): string[] =>
  (
    JSON.parse(readFileSync(join(__dirname, '..', '..', 'miniprogram', 'app.json'), 'utf8')) as {
      pages: string[];
    }
  ).pages;

export class WechatPlatform {
  readonly pay: WechatPayEmulator;
  readonly openapi: OpenApiEmulator;

  constructor(deps: WechatDeps, opts: WechatOptions = {}) {
    const file = (name: string) => (deps.dataDir ? join(deps.dataDir, 'wechat', name) : null);
    this.pay = new WechatPayEmulator({
      envId: deps.envId,
      merchantId: opts.merchantId ?? LOCAL_MERCHANT_ID,
      orders: new JournalMap<PayOrderRecord>(file('pay-orders.jsonl')),
      functionExists: deps.functionExists,
      invoke: deps.invoke,
    });
    this.openapi = new OpenApiEmulator({
      templates: opts.templates ?? LOCAL_TEMPLATES,
      pages: appPages(),
      consents: new JournalMap<Record<string, number>>(file('consents.jsonl')),
      messages: new JournalMap<DeliveredMessage>(file('messages.jsonl')),
    });
  }
}
