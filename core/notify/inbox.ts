import type { RecordedMessage } from '../../typings/volunteer';
import { authorize } from '../access';
import { Collections } from '../collections';
import type { ActionKey } from '../permissions';
import { command } from '../runtime/handler';
import { object } from '../validate';
import type { IndexDecl } from '../indexes';

const SHOWN = 30;

interface InboxRow {
  _id: string;
  template: string;
  title: string;
  lines: string[];
  page: string;
  at: Date;
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.notifyInbox,
    keys: { toOpenid: 1, at: -1 },
    why: "a person's delivered messages, newest first",
  },
];

/**
 * The caller's messages as the local notification adapter recorded them, newest first: the
 * local stand-in for WeChat's 服务通知 list. Registered only on the local CloudBase, under the
 * action key of the function that offers it.
 */
export const messagesCommand = (action: ActionKey) =>
  command(object({}), async (ctx) => {
    const { openid } = await authorize(ctx, action);
    const { data } = await ctx.db
      .collection(Collections.notifyInbox)
      .where({ toOpenid: openid })
      .orderBy('at', 'desc')
      .limit(SHOWN)
      .get();
    const list: RecordedMessage[] = (data as InboxRow[]).map((m) => ({
      id: m._id,
      template: m.template,
      title: m.title,
      lines: m.lines,
      page: m.page,
      at: new Date(m.at).toISOString(),
    }));
    return { messages: list };
  });
