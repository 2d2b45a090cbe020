import type { Delivery, NotifyPort, SendOutcome } from '../notify';
import { notSetUpMessage, setting, type SettingName } from '../settings';
import { formatChina } from '../../../miniprogram/shared/china-time';
import { wxCloud } from './cloud';

/**
 * WeChat subscription messages (订阅消息) through wx-server-sdk's documented
 * `cloud.openapi.subscribeMessage.send` (the sending function's config.json must grant
 * `subscribeMessage.send`). Everything WeChat-specific is here: which template carries which
 * message kind, keyword names, value limits, error codes. Template ids belong to the estate's
 * mini-program account and come from settings (ports/settings.ts); a kind whose template is
 * not set is not sent (it fails for good, visibly, in the outbox) and no consent is asked for it.
 */
interface Template {
  setting: SettingName;
  /** Which template keyword carries which part of the message. */
  keys: { subject: string; time: string; place: string; note: string };
}

const STANDARD_KEYS = { subject: 'thing1', time: 'time2', place: 'thing3', note: 'thing4' };

export const WECHAT_TEMPLATES: Record<string, Template> = {
  /** 活动开始提醒: 活动名称, 活动时间, 活动地点, 温馨提示. */
  taskReminder: { setting: 'WX_TEMPLATE_TASK_REMINDER', keys: STANDARD_KEYS },
  /** 候补成功通知: 活动名称, 活动时间, 活动地点, 备注. */
  waitlistPromoted: { setting: 'WX_TEMPLATE_WAITLIST_PROMOTED', keys: STANDARD_KEYS },
  /** 活动变更通知: 活动名称, 活动时间, 活动地点, 变更说明 (also used for cancellations). */
  taskChanged: { setting: 'WX_TEMPLATE_TASK_CHANGED', keys: STANDARD_KEYS },
};

/** `thing` values: at most 20 characters, or WeChat refuses the whole message (47003). */
export function thing(text: string): string {
  const chars = [...text.trim()];
  return chars.length <= 20 ? chars.join('') : `${chars.slice(0, 19).join('')}…`;
}

/** `time` values as WeChat parses them: "2026年11月22日 19:00", China time. */
export const wechatTime = (t: Date): string => formatChina(t, 'YYYY年M月D日 HH:mm');

/** The message as `subscribeMessage.send` takes it (camelCase: wx-server-sdk converts it). */
export interface SubscribeRequest {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogramState: 'formal';
  lang: 'zh_CN';
}

/** The request for one delivery, or why it cannot be sent. */
export function wechatRequest(
  d: Delivery,
  templateIds: Record<string, string | undefined>,
): SubscribeRequest | string {
  const t = WECHAT_TEMPLATES[d.template];
  const templateId = templateIds[d.template];
  if (!t) return `未知的消息类型 ${d.template}`;
  if (!templateId) return notSetUpMessage([t.setting]);
  const data: Record<string, { value: string }> = {
    [t.keys.subject]: { value: thing(d.subject) },
    [t.keys.place]: { value: thing(d.place || '—') },
    [t.keys.note]: { value: thing(d.note) },
  };
  if (d.time) data[t.keys.time] = { value: wechatTime(d.time) };
  return {
    touser: d.toOpenid,
    templateId,
    page: d.page.replace(/^\//, ''),
    data,
    miniprogramState: 'formal',
    lang: 'zh_CN',
  };
}

/**
 * WeChat's answer, in outbox terms. Refusals that will not change on retry: 43101 (the user
 * gave no consent, or used it up), 40003 (bad openid), 47003 (bad value), 40037 (bad template),
 * 41030 (bad page).
 */
export function outcomeOf(errcode: number | undefined, errmsg = ''): SendOutcome {
  if (!errcode) return { ok: true };
  const permanent = [40003, 40037, 41030, 43101, 47003, 47001].includes(errcode);
  return { ok: false, retry: !permanent, reason: `${errcode} ${errmsg}`.trim() };
}

type Send = (req: SubscribeRequest) => Promise<unknown>;

const openapiSend: Send = (req) =>
  (
    wxCloud().openapi as {
      subscribeMessage: { send(r: SubscribeRequest): Promise<unknown> };
    }
  ).subscribeMessage.send(req);

/** The notification port of a function, with the template ids its settings give. */
export function wechatSubscribe(env: NodeJS.ProcessEnv, send: Send = openapiSend): NotifyPort {
  const templateIds = Object.fromEntries(
    Object.entries(WECHAT_TEMPLATES).map(([kind, t]) => [kind, setting(env, t.setting)]),
  );
  return {
    channel: 'wechat',
    async send(d) {
      const req = wechatRequest(d, templateIds);
      if (typeof req === 'string') return { ok: false, retry: false, reason: req };
      try {
        await send(req);
        return { ok: true };
      } catch (err) {
        // wx-server-sdk throws WeChat's errcode as errCode; anything else is an outage.
        const e = err as { errCode?: number; errMsg?: string; message?: string };
        return typeof e.errCode === 'number' && e.errCode > 0
          ? outcomeOf(e.errCode, e.errMsg)
          : { ok: false, retry: true, reason: String(e.errMsg ?? e.message ?? err) };
      }
    },
    consentIds: (kinds) =>
      kinds.map((k) => templateIds[k]).filter((id): id is string => Boolean(id)),
  };
}
wechatSubscribe.settings = Object.values(WECHAT_TEMPLATES).map((t) => t.setting);
