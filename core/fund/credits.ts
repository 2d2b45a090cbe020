import { writeAudit } from '../audit';
import { Collections } from '../collections';
import type { CommandContext } from '../runtime/handler';
import { inTransaction } from '../runtime/tx';
import { CHANNEL_LABEL, yuan } from './format';
import { nextEntry, type Head } from './ledger';
import type { DonationDoc, FundDoc, LedgerEntryDoc } from './model';
import { addEntry, loadForUpdate, MISSING, refreshActivity } from './store';
import { shownName } from './views';
import type { IndexDecl } from '../indexes';

/**
 * Crediting a gift takes two steps (docs/funds.md, "Crediting under a burst"):
 * 1. settle — the gift's own document moves to paid/confirmed, conditionally on its status:
 *    one document, no contention, idempotent. The gift now waits for the ledger.
 * 2. append — one transaction reads the fund's head and appends the waiting gifts (up to
 *    BATCH), moving the head and the campaigns' totals with them.
 * Appends are serialised per fund by a lease on the fund document: the invocation holding it
 * appends every waiting gift, the others return at once. The lease only spares wasted work;
 * appends that overlap anyway (an expired lease, an expense approval) still conflict on the
 * head and retry. Measured on the bench (500 donations, 32 in flight): one entry per
 * transaction, every donation racing for the head, lost 199 to exhausted retries.
 */

/** A gift is credited when settled; only credited gifts ever reach the ledger. */
export const CREDITED: DonationDoc['status'][] = ['paid', 'confirmed'];
/** Gifts per append transaction (one write each, plus five): well under a second. */
const BATCH = 25;
/** A holder that dies mid-append blocks others this long at most (then the lease is free). */
const LEASE_MS = 15_000;
/** How long one invocation keeps appending for others (the function times out at 20 s). */
const BUDGET_MS = 12_000;

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.fundDonations,
    keys: { fundId: 1, inLedger: 1, creditedAt: 1, _id: 1 },
    why: "append: a fund's settled gifts waiting for the ledger, oldest first",
  },
  {
    collection: Collections.fundLedger,
    keys: { fundId: 1, ref: 1 },
    why: 'append: which gifts already have an entry',
  },
];

/** Settled gifts of a fund not yet in its ledger, oldest first (a non-transactional query). */
async function waiting(ctx: CommandContext, fundId: string, limit = BATCH) {
  const _ = ctx.db.command;
  const { data } = await ctx.db
    .collection(Collections.fundDonations)
    .where({ fundId, inLedger: false, status: _.in(CREDITED) })
    .orderBy('creditedAt', 'asc')
    .orderBy('_id', 'asc')
    .limit(limit)
    .get();
  return data as DonationDoc[];
}

/** Which of these gifts already have an entry (appended, not yet flagged: a crash between). */
async function alreadyIn(ctx: CommandContext, fundId: string, gifts: DonationDoc[]) {
  const _ = ctx.db.command;
  const { data } = await ctx.db
    .collection(Collections.fundLedger)
    .where({ fundId, ref: _.in(gifts.map((g) => g._id)) })
    .limit(gifts.length)
    .get();
  return new Set((data as LedgerEntryDoc[]).map((e) => e.ref));
}

interface Batch {
  /** Gifts this transaction appended, with their sequence numbers. */
  appended: Array<{ gift: DonationDoc; seq: number }>;
  /** Gifts found already in the ledger: to be flagged. */
  found: string[];
}

/**
 * One append transaction. The head is read first and the queue queried after it: an append
 * that committed before our head read is visible to the queries (its entries carry the gifts'
 * ids), and one that commits after it moves the head, so our head write conflicts and
 * inTransaction retries on fresh data. Either way no gift is appended twice or skipped.
 * Round trips: start, head, queue, entries found, one per entry, head, one per campaign, commit.
 */
async function appendBatch(ctx: CommandContext, fundId: string): Promise<Batch> {
  const _ = ctx.db.command;
  return inTransaction(ctx.db, async (tx) => {
    const { doc: fund, ref } = await loadForUpdate<FundDoc>(
      tx,
      Collections.funds,
      fundId,
      MISSING.fund,
    );
    const queue = await waiting(ctx, fundId);
    const found = queue.length > 0 ? await alreadyIn(ctx, fundId, queue) : new Set<string>();
    const batch: Batch = { appended: [], found: [...found] };
    let head: Head = fund;
    for (const gift of queue.filter((g) => !found.has(g._id))) {
      const next = nextEntry(head, creditOf(gift), ctx.now);
      head = { ...head, ...next.head };
      await addEntry(tx, next.entry);
      batch.appended.push({ gift, seq: next.entry.seq });
    }
    if (batch.appended.length === 0) return batch; // read-only: a conflict now is a cheap retry
    const { seq, balanceFen, lastHash, totalInFen, totalOutFen } = head;
    await ref.update({ seq, balanceFen, lastHash, totalInFen, totalOutFen, updatedAt: ctx.now });
    for (const [campaignId, sum] of totals(batch.appended.map((a) => a.gift)))
      await tx
        .collection(Collections.fundCampaigns)
        .doc(campaignId)
        .update({ raisedFen: _.inc(sum.fen), donationCount: _.inc(sum.count) });
    return batch;
  });
}

function creditOf(gift: DonationDoc) {
  return {
    kind: 'donation' as const,
    amountFen: gift.amountFen,
    campaignId: gift.campaignId,
    ref: gift._id,
    channel: gift.channel,
    counterparty: shownName(gift),
    memo: gift.campaignTitle,
  };
}

function totals(gifts: DonationDoc[]): Map<string, { fen: number; count: number }> {
  const out = new Map<string, { fen: number; count: number }>();
  for (const g of gifts) {
    const t = out.get(g.campaignId) ?? { fen: 0, count: 0 };
    out.set(g.campaignId, { fen: t.fen + g.amountFen, count: t.count + 1 });
  }
  return out;
}

/** Takes the fund's append lease if it is free; answers its expiry (the release key) or null. */
async function takeLease(ctx: CommandContext, fundId: string): Promise<Date | null> {
  const _ = ctx.db.command;
  const now = new Date();
  const until = new Date(now.getTime() + LEASE_MS);
  const { updated } = await ctx.db
    .collection(Collections.funds)
    .where({ _id: fundId, appendLease: _.lt(now) })
    .update({ appendLease: until });
  return updated ? until : null;
}

async function releaseLease(ctx: CommandContext, fundId: string, until: Date): Promise<void> {
  await ctx.db
    .collection(Collections.funds)
    .where({ _id: fundId, appendLease: until })
    .update({ appendLease: new Date(0) });
}

/** As the lease holder: appends batches until the queue is empty or the time is up. */
async function drain(ctx: CommandContext, fundId: string, until: number): Promise<number> {
  const _ = ctx.db.command;
  const moved = new Map<string, number>();
  let appended = 0;
  for (let full = true; full && Date.now() < until;) {
    const batch = await appendBatch(ctx, fundId);
    const ids = [...batch.found, ...batch.appended.map((a) => a.gift._id)];
    if (ids.length > 0)
      await ctx.db
        .collection(Collections.fundDonations)
        .where({ _id: _.in(ids) })
        .update({ inLedger: true });
    for (const { gift, seq } of batch.appended) moved.set(gift.campaignId, seq);
    appended += batch.appended.length;
    full = ids.length === BATCH;
  }
  for (const [campaignId, seq] of moved) await refreshActivity(ctx, campaignId, seq);
  return appended;
}

/**
 * Step 2: appends the fund's waiting gifts, unless another invocation holds the lease — then it
 * returns at once: our gift was settled before we tried, and the holder looks at the queue once
 * more after releasing, so it finds ours (no lost wake-up). Answers how many entries this call
 * appended. A holder whose time runs out leaves the rest to the next donation or to the
 * scheduler's minute job: a credit can be late, never lost.
 */
export async function appendCredits(ctx: CommandContext, fundId: string): Promise<number> {
  const until = Date.now() + BUDGET_MS;
  let appended = 0;
  while (Date.now() < until) {
    const lease = await takeLease(ctx, fundId);
    if (!lease) break;
    try {
      appended += await drain(ctx, fundId, until);
    } finally {
      await releaseLease(ctx, fundId, lease);
    }
    // Gifts settled while we held the lease found it taken: look once more for them.
    if ((await waiting(ctx, fundId, 1)).length === 0) break;
  }
  return appended;
}

/**
 * Step 1: moves a gift to `settled.status` if it is still in one of `from`, with its audit
 * entry (`what` happened, for the summary). Answers false when it was not (a repeat, or
 * decided otherwise meanwhile). Two round trips (one when it was not).
 */
export async function settleGift(
  ctx: CommandContext,
  gift: DonationDoc,
  from: DonationDoc['status'][],
  settled: Pick<DonationDoc, 'status' | 'settledBy' | 'settledByName'>,
  audit: { action: string; actor: string },
  what: string,
): Promise<boolean> {
  const _ = ctx.db.command;
  const credited = CREDITED.includes(settled.status);
  const { updated } = await ctx.db
    .collection(Collections.fundDonations)
    .where({ _id: gift._id, status: _.in(from) })
    .update(credited ? { ...settled, creditedAt: ctx.now } : settled);
  if (!updated) return false;
  await auditSettlement(ctx, gift, settled.status, audit, what);
  return true;
}

/** The audit entry of a gift's settlement, once per gift and outcome (a repeat may write it). */
export function auditSettlement(
  ctx: CommandContext,
  gift: DonationDoc,
  status: DonationDoc['status'],
  audit: { action: string; actor: string },
  what: string,
): Promise<unknown> {
  return writeAudit(
    ctx.db,
    ctx,
    {
      estateId: gift.estateId,
      ...audit,
      target: gift._id,
      summary: `${CHANNEL_LABEL[gift.channel]}捐款 ${yuan(gift.amountFen)} ${what}（${gift.campaignTitle}）`,
    },
    `fund.settle:${gift._id}:${status}`,
  );
}
