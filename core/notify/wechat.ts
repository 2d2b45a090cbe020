import tcb from '@cloudbase/node-sdk';
import type { Delivery, NotifyPort, SendOutcome } from './port';

/**
 * The cloud adapter: WeChat subscription messages (订阅消息) through the node-sdk's
 * `callWxOpenApi` (needs `subscribeMessage.send` in the sending function's config.json
 * openapi permissions). Everything WeChat-specific is here: template ids, keyword names, value
 * limits, error codes.
 *
 * Template ids belong to the mini-program's account (公众平台 → 订阅消息 → 选用模板): fill them
 * in below when going live (docs/volunteers.md, "Going live"). A message kind without an id is
 * not sent (it fails for good, visibly, in the outbox) and no consent is asked for it.
 */
interface Template {
  id: string;
  /** Which template keyword carries which part of the message. */
  keys: { subject: string; time: string; place: string; note: string };
}

const STANDARD_KEYS = { subject: 'thing1', time: 'time2', place: 'thing3', note: 'thing4' };

export const WECHAT_TEMPLATES: Record<string, Template> = {
  /** 活动开始提醒: 活动名称, 活动时间, 活动地点, 温馨提示. */
  taskReminder: { id: '', keys: STANDARD_KEYS },
  /** 候补成功通知: 活动名称, 活动时间, 活动地点, 备注. */
  waitlistPromoted: { id: '', keys: STANDARD_KEYS },
  /** 活动变更通知: 活动名称, 活动时间, 活动地点, 变更说明 (also used for cancellations). */
  taskChanged: { id: '', keys: STANDARD_KEYS },
};

/** `thing` values: at most 20 characters, or WeChat refuses the whole message (47003). */
export function thing(text: string): string {
  const chars = [...text.trim()];
  return chars.length <= 20 ? chars.join('') : `${chars.slice(0, 19).join('')}…`;
}

/** `time` values as WeChat parses them: "2026年11月22日 19:00", China time. */
export function wechatTime(t: Date): string {
  const c = new Date(t.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${c.getUTCFullYear()}年${c.getUTCMonth() + 1}月${c.getUTCDate()}日 ${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}`;
}

/** The request body of subscribeMessage.send for one delivery, or why it cannot be sent. */
export function wechatRequest(
  d: Delivery,
  templates: Record<string, Template> = WECHAT_TEMPLATES,
): Record<string, unknown> | string {
  const t = templates[d.template];
  if (!t?.id) return `模板 ${d.template} 未配置`;
  const data: Record<string, { value: string }> = {
    [t.keys.subject]: { value: thing(d.subject) },
    [t.keys.place]: { value: thing(d.place || '—') },
    [t.keys.note]: { value: thing(d.note) },
  };
  if (d.time) data[t.keys.time] = { value: wechatTime(d.time) };
  return {
    touser: d.toOpenid,
    template_id: t.id,
    page: d.page.replace(/^\//, ''),
    data,
    miniprogram_state: 'formal',
    lang: 'zh_CN',
  };
}

/**
 * WeChat's answer, in outbox terms. Refusals that will not change on retry: 43101 (the user
 * gave no consent, or used it up), 40003 (bad openid), 47003 (bad value), 40037 (bad template).
 */
export function outcomeOf(errcode: number | undefined, errmsg = ''): SendOutcome {
  if (!errcode) return { ok: true };
  const permanent = [40003, 40037, 43101, 47003, 47001].includes(errcode);
  return { ok: false, retry: !permanent, reason: `${errcode} ${errmsg}`.trim() };
}

type OpenApi = (o: { apiName: string; requestData: unknown }) => Promise<{
  result?: { errcode?: number; errmsg?: string };
  code?: string;
  message?: string;
}>;

export function wechatNotifier(openapi?: OpenApi): NotifyPort {
  let call = openapi;
  const api = (): OpenApi => {
    if (!call) {
      const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
      call = (o) => app.callWxOpenApi(o) as ReturnType<OpenApi>;
    }
    return call;
  };
  return {
    channel: 'wechat',
    async send(d) {
      const body = wechatRequest(d);
      if (typeof body === 'string') return { ok: false, retry: false, reason: body };
      const res = await api()({ apiName: '/cgi-bin/message/subscribe/send', requestData: body });
      if (res.code) return { ok: false, retry: true, reason: `${res.code} ${res.message ?? ''}` };
      return outcomeOf(res.result?.errcode, res.result?.errmsg);
    },
    consentIds: (templates) =>
      templates.map((k) => WECHAT_TEMPLATES[k]?.id).filter((id): id is string => Boolean(id)),
  };
}
