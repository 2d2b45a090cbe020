import type { ActivityItem } from '../typings/api';
import { Collections } from './collections';
import type { CommandContext, Database } from './runtime/handler';
import type { Transaction } from './runtime/tx';

/**
 * The home feed: each open thing in an estate (a proposal, vote, campaign, task) keeps one
 * entry with a status line computed by the server. `open: false` takes it off the feed.
 */
export interface ActivityInput {
  estateId: string;
  kind: ActivityItem['kind'];
  refId: string;
  title: string;
  status: string;
  open: boolean;
}

export function upsertActivity(
  via: Database | Transaction,
  ctx: CommandContext,
  a: ActivityInput,
): Promise<unknown> {
  return via.collection(Collections.activities).doc(`${a.kind}_${a.refId}`).set({
    estateId: a.estateId,
    kind: a.kind,
    title: a.title,
    status: a.status,
    open: a.open,
    updatedAt: ctx.now,
  });
}
