import { Collections, type CollectionName } from '../collections';
import { AppError } from '../errors';
import type { CommandContext } from '../runtime/handler';
import { single, type Transaction } from '../runtime/tx';
import { statusLine, yuan } from './format';
import { activityId } from './ids';
import { nextEntry, type EntryInput } from './ledger';
import type { CampaignDoc, FundDoc, LedgerEntryDoc } from './model';

/** Reads and writes shared by the fund's commands. */

const TX_CONFLICT = 'DATABASE_TRANSACTION_CONFLICT';

export const MISSING = {
  fund: '找不到这个基金',
  campaign: '找不到这个募捐活动',
  donation: '找不到这笔捐款',
  expense: '找不到这笔支出',
} as const;

/** One document by id (one round trip), or NOT_FOUND. */
export async function load<T>(
  ctx: CommandContext,
  collection: CollectionName,
  id: string,
  missing: string,
): Promise<T> {
  const { data } = await ctx.db.collection(collection).doc(id).get();
  const doc = single<T>(data);
  if (!doc) throw new AppError('NOT_FOUND', missing);
  return doc;
}

/** The same inside a transaction, with the reference to write it back. */
export async function loadForUpdate<T>(
  tx: Transaction,
  collection: CollectionName,
  id: string,
  missing: string,
) {
  const ref = tx.collection(collection).doc(id);
  const doc = single<T>((await ref.get()).data);
  if (!doc) throw new AppError('NOT_FOUND', missing);
  return { doc, ref };
}

/** Inserts a document whose id comes from an idempotency key; false when it already exists. */
export async function insertOnce(
  ctx: CommandContext,
  collection: CollectionName,
  doc: { _id: string },
): Promise<boolean> {
  try {
    await ctx.db.collection(collection).add(doc);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'DATABASE_DUPLICATE_WRITE') return false;
    throw err;
  }
}

/**
 * Writes a ledger entry inside an append transaction. Its id is its place in the chain: if the
 * place is taken, someone appended since we read the head — a write conflict, which
 * inTransaction retries on the new head.
 */
export async function addEntry(tx: Transaction, entry: LedgerEntryDoc): Promise<void> {
  try {
    await tx.collection(Collections.fundLedger).add(entry);
  } catch (err) {
    if ((err as { code?: string }).code === 'DATABASE_DUPLICATE_WRITE')
      throw Object.assign(new Error(`ledger entry ${entry._id} taken`), { code: TX_CONFLICT });
    throw err;
  }
}

/**
 * Appends one entry (an expense, a refund) inside the caller's transaction: reads the head,
 * writes entry seq+1 and moves the head. The overdraft check runs on the head read here, so it
 * commits with the entry or not at all. Call it late in the transaction: the head is the
 * contended document, and the time from reading it to the commit is the window in which a
 * competitor makes us retry.
 */
export async function appendEntry(
  tx: Transaction,
  now: Date,
  fundId: string,
  input: EntryInput,
): Promise<LedgerEntryDoc> {
  const { doc: fund, ref } = await loadForUpdate<FundDoc>(
    tx,
    Collections.funds,
    fundId,
    MISSING.fund,
  );
  const { entry, head } = nextEntry(fund, input, now);
  await addEntry(tx, entry);
  await ref.update({ ...head, updatedAt: now });
  return entry;
}

/** The home feed line of a campaign: its progress while open, its result once closed. */
export function activityFields(c: CampaignDoc, now: Date, open: boolean) {
  return {
    estateId: c.estateId,
    kind: 'campaign' as const,
    title: c.title,
    status: open ? statusLine(c.raisedFen, c.goalFen) : `已结束 · 共筹 ${yuan(c.raisedFen)}`,
    open,
    updatedAt: now,
  };
}

/**
 * Brings a campaign's home-feed line up to date after a credit or refund. Outside the credit
 * transaction, to keep the contended window short; `fundSeq` makes it monotonic, so a slow
 * writer carrying an older total can never overwrite a newer one. Two round trips.
 */
export async function refreshActivity(
  ctx: CommandContext,
  campaignId: string,
  seq: number,
): Promise<void> {
  const campaign = await load<CampaignDoc>(
    ctx,
    Collections.fundCampaigns,
    campaignId,
    MISSING.campaign,
  );
  const _ = ctx.db.command;
  await ctx.db
    .collection(Collections.activities)
    .where({ _id: activityId(campaignId), fundSeq: _.lt(seq) })
    .update({ ...activityFields(campaign, ctx.now, campaign.status === 'open'), fundSeq: seq });
}
