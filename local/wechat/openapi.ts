import { randomUUID } from 'node:crypto';
import protobuf from 'protobufjs';
import type { JournalMap } from './journal';

/**
 * WeChat's 云调用 (openapi) as the local CloudBase plays it, for what Gongzhi calls:
 * `subscribeMessage.send`. wx-server-sdk sends each call as `wx.openApi` with a protobuf body
 * (CommApiData, one JSON value per parameter); the answer is a protobuf CommOpenApiResp holding
 * WeChat's JSON. Like WeChat it refuses an unknown template (40037), a page the mini-program
 * does not have (41030), a `thing` value over 20 characters (47003), and a message the user has
 * not consented to (43101): each consent, given through wx.requestSubscribeMessage, allows one
 * message. Delivered messages are kept: the preview shows them as WeChat's 服务通知.
 */
const proto = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: {
      fields: {
        key: { type: 'string', id: 1 },
        value: { type: 'bytes', id: 2 },
        contenttype: { type: 'string', id: 3 },
        filename: { type: 'string', id: 4 },
      },
    },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    CommApiData: {
      fields: {
        apiType: { type: 'int32', id: 1 },
        openapiData: { type: 'OpenApiData', id: 2 },
        appid: { type: 'string', id: 6 },
      },
    },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 },
      },
    },
  },
});
const CommApiData = proto.lookupType('CommApiData');
const CommOpenApiResp = proto.lookupType('CommOpenApiResp');

export interface Template {
  title: string;
  /** Keyword → its label, e.g. thing1 → 活动名称. */
  keywords: Record<string, string>;
}

export interface DeliveredMessage {
  id: string;
  toOpenid: string;
  templateId: string;
  title: string;
  /** "活动名称：周末巡逻" …, in the template's order. */
  lines: string[];
  page: string;
  at: string;
}

export interface OpenApiOptions {
  templates: Record<string, Template>;
  /** The mini-program's pages (app.json), for the page a message opens. */
  pages: string[];
  /** openid → template id → unused consents. */
  consents: JournalMap<Record<string, number>>;
  messages: JournalMap<DeliveredMessage>;
}

interface WxAnswer {
  errcode: number;
  errmsg: string;
  [key: string]: unknown;
}

const THING_MAX = 20;

export class OpenApiEmulator {
  constructor(private readonly opts: OpenApiOptions) {}

  /** A `wx.openApi` request body (protobuf) → the protobuf answer. */
  call(apiName: string, requestData: Buffer): Buffer {
    const decoded = CommApiData.toObject(CommApiData.decode(requestData), { bytes: Buffer }) as {
      openapiData?: { pairs?: Array<{ key: string; value: Buffer }> };
    };
    const params: Record<string, unknown> = {};
    for (const p of decoded.openapiData?.pairs ?? [])
      params[p.key] = JSON.parse(p.value.toString());
    const answer =
      apiName === 'subscribeMessage.send'
        ? this.subscribeSend(params)
        : { errcode: -1, errmsg: `the local CloudBase does not offer openapi.${apiName}` };
    return Buffer.from(
      CommOpenApiResp.encode({
        respData: Buffer.from(JSON.stringify(answer)),
        contentType: 'application/json',
        errorCode: 0,
        httpCode: 200,
      }).finish(),
    );
  }

  /** wx.requestSubscribeMessage accepted: one more message of each template may be sent. */
  consent(openid: string, templateIds: string[]): Record<string, 'accept' | 'reject'> {
    const mine = { ...(this.opts.consents.get(openid) ?? {}) };
    const answer: Record<string, 'accept' | 'reject'> = {};
    for (const id of templateIds) {
      // An id the account has not chosen is refused by WeChat's dialog itself.
      if (!this.opts.templates[id]) {
        answer[id] = 'reject';
        continue;
      }
      mine[id] = (mine[id] ?? 0) + 1;
      answer[id] = 'accept';
    }
    this.opts.consents.set(openid, mine);
    return answer;
  }

  /** What WeChat delivered to a person, newest first (their 服务通知). */
  messagesOf(openid: string): DeliveredMessage[] {
    return this.opts.messages
      .values()
      .filter((m) => m.toOpenid === openid)
      .sort((a, b) => b.at.localeCompare(a.at));
  }

  private subscribeSend(p: Record<string, unknown>): WxAnswer {
    const { touser, template_id: templateId, page, data } = p;
    if (typeof touser !== 'string' || !touser) return { errcode: 40003, errmsg: 'invalid openid' };
    const template = typeof templateId === 'string' ? this.opts.templates[templateId] : undefined;
    if (!template) return { errcode: 40037, errmsg: 'invalid template_id' };
    const path = typeof page === 'string' ? page.split('?')[0].replace(/^\//, '') : '';
    if (page !== undefined && !this.opts.pages.includes(path))
      return { errcode: 41030, errmsg: 'invalid page' };
    if (typeof data !== 'object' || data === null)
      return { errcode: 47003, errmsg: 'argument invalid! data is empty' };
    const lines: string[] = [];
    for (const [key, label] of Object.entries(template.keywords)) {
      const value = (data as Record<string, { value?: unknown } | undefined>)[key]?.value;
      if (value === undefined) continue;
      if (typeof value !== 'string' || (key.startsWith('thing') && [...value].length > THING_MAX))
        return { errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid` };
      lines.push(`${label}：${value}`);
    }
    const consents = { ...(this.opts.consents.get(touser) ?? {}) };
    if (!consents[templateId as string])
      return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
    consents[templateId as string] -= 1;
    this.opts.consents.set(touser, consents);
    const id = randomUUID();
    this.opts.messages.set(id, {
      id,
      toOpenid: touser,
      templateId: templateId as string,
      title: template.title,
      lines,
      page: typeof page === 'string' ? page : '',
      at: new Date().toISOString(),
    });
    return { errcode: 0, errmsg: 'ok', msgid: id };
  }
}
