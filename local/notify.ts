import tcb from '@cloudbase/node-sdk';
import { Collections } from '../core/collections';
import type { NotifyPort } from '../core/notify/port';
import type { Database } from '../core/runtime/handler';

/**
 * The local notification channel: instead of WeChat's 服务通知, each delivery is recorded in the
 * `notifyInbox` collection, where tests count them and the local UI lists them (the `messages`
 * action). Every send is a new record, as with WeChat (which has no deduplication), so a message
 * sent twice shows up twice.
 */

/** What WeChat would show as the message's title, by message kind. */
const TITLES: Record<string, string> = {
  taskReminder: '活动开始提醒',
  waitlistPromoted: '候补成功通知',
  taskChanged: '活动变更通知',
};

export interface InboxDoc {
  _id?: string;
  messageId: string;
  toOpenid: string;
  template: string;
  title: string;
  lines: string[];
  page: string;
  at: Date;
}

/** "11月22日 19:00", China time. */
function shortTime(t: Date): string {
  const c = new Date(t.getTime() + 8 * 3_600_000);
  return `${c.getUTCMonth() + 1}月${c.getUTCDate()}日 ${String(c.getUTCHours()).padStart(2, '0')}:${String(c.getUTCMinutes()).padStart(2, '0')}`;
}

export function localNotifier(database?: Database): NotifyPort {
  // The scheduler runs on the local CloudBase, whose endpoint is in process.env (local/stack.ts).
  let db = database;
  const inbox = () => {
    db ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
    return db.collection(Collections.notifyInbox);
  };
  return {
    channel: 'local',
    async send(d) {
      const doc: InboxDoc = {
        messageId: d.id,
        toOpenid: d.toOpenid,
        template: d.template,
        title: TITLES[d.template] ?? d.template,
        lines: [
          d.subject,
          ...(d.time ? [`时间：${shortTime(d.time)}`] : []),
          ...(d.place ? [`地点：${d.place}`] : []),
          d.note,
        ],
        page: d.page,
        at: new Date(),
      };
      await inbox().add(doc);
      return { ok: true };
    },
    // Stand-ins, so the consent prompt runs in DevTools and in page tests.
    consentIds: (templates) => templates.map((t) => `local-${t}`),
  };
}
