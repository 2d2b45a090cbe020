import { createHash } from 'node:crypto';
import type { DonationChannel, LedgerKind } from '../../typings/fund';
import { AppError } from '../errors';
import { yuan } from './format';
import type { EntryContent, FundDoc, LedgerEntryDoc } from './model';

/**
 * The ledger's rules, pure: how an entry is formed from the fund's head, how it is hashed, and
 * how a stored chain is checked. See docs/funds.md.
 */

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
/** Versions the canonical form, so a future change cannot silently reinterpret old hashes. */
const FORMAT = 'gongzhi-ledger/1';

/** Zero-padded so `_id` order is sequence order (the verifier reads in `_id` order). */
export const entryId = (fundId: string, seq: number): string =>
  `${fundId}_${String(seq).padStart(9, '0')}`;

/**
 * The canonical serialisation: a JSON array in a fixed field order (no key-order ambiguity),
 * integers only, the time as ISO 8601 with milliseconds. The previous hash is part of it.
 */
export function canonical(e: EntryContent): string {
  return JSON.stringify([
    FORMAT,
    e.fundId,
    e.estateId,
    e.seq,
    e.kind,
    e.amountFen,
    e.balanceFen,
    e.campaignId,
    e.ref,
    e.channel,
    e.counterparty,
    e.memo,
    e.at.toISOString(),
    e.prevHash,
  ]);
}

export const hashEntry = (e: EntryContent): string =>
  createHash('sha256').update(canonical(e)).digest('hex');

/** What an append needs from the fund document. */
export type Head = Pick<
  FundDoc,
  '_id' | 'estateId' | 'seq' | 'balanceFen' | 'lastHash' | 'totalInFen' | 'totalOutFen'
>;

export interface EntryInput {
  kind: LedgerKind;
  amountFen: number;
  campaignId: string | null;
  ref: string;
  channel: DonationChannel | null;
  counterparty: string;
  memo: string;
}

/** Money in is positive, money out negative; zero is never an entry. */
const SIGN: Record<LedgerKind, 1 | -1> = { donation: 1, expense: -1, refund: -1 };

export function signFits(kind: LedgerKind, amountFen: number): boolean {
  return Number.isSafeInteger(amountFen) && amountFen !== 0 && Math.sign(amountFen) === SIGN[kind];
}

/**
 * The entry after `head`, and the head after it. Refuses (CONFLICT) anything that would take the
 * balance below zero: callers run this inside the append transaction, so the check and the
 * entry commit together or not at all.
 */
export function nextEntry(
  head: Head,
  input: EntryInput,
  at: Date,
): { entry: LedgerEntryDoc; head: Omit<Head, '_id' | 'estateId'> } {
  if (!signFits(input.kind, input.amountFen))
    throw new Error(`ledger: ${input.kind} of ${input.amountFen} fen`);
  const balanceFen = head.balanceFen + input.amountFen;
  if (balanceFen < 0) {
    throw new AppError(
      'CONFLICT',
      `基金余额不足：当前余额 ${yuan(head.balanceFen)}，本笔需要 ${yuan(-input.amountFen)}`,
    );
  }
  const seq = head.seq + 1;
  const content: EntryContent = {
    fundId: head._id,
    estateId: head.estateId,
    seq,
    ...input,
    balanceFen,
    at,
    prevHash: head.lastHash,
  };
  const hash = hashEntry(content);
  return {
    entry: { _id: entryId(head._id, seq), ...content, hash },
    head: {
      seq,
      balanceFen,
      lastHash: hash,
      totalInFen: head.totalInFen + Math.max(0, input.amountFen),
      totalOutFen: head.totalOutFen + Math.max(0, -input.amountFen),
    },
  };
}

// --- Verification ---------------------------------------------------------------------------

const ENTRY_KEYS = [
  '_id',
  'fundId',
  'estateId',
  'seq',
  'kind',
  'amountFen',
  'balanceFen',
  'campaignId',
  'ref',
  'channel',
  'counterparty',
  'memo',
  'at',
  'prevHash',
  'hash',
].sort();

const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** Exactly the stored fields, with their types: an added or retyped field is an edit too. */
function hasEntryShape(
  doc: Record<string, unknown>,
): doc is Record<string, unknown> & LedgerEntryDoc {
  const keys = Object.keys(doc).sort();
  return (
    keys.length === ENTRY_KEYS.length &&
    keys.every((k, i) => k === ENTRY_KEYS[i]) &&
    [doc.fundId, doc.estateId, doc.kind, doc.ref, doc.counterparty, doc.memo].every(isStr) &&
    [doc.prevHash, doc.hash].every(isStr) &&
    [doc.seq, doc.amountFen, doc.balanceFen].every(isInt) &&
    (doc.campaignId === null || isStr(doc.campaignId)) &&
    (doc.channel === null || isStr(doc.channel)) &&
    doc.at instanceof Date &&
    !Number.isNaN(doc.at.getTime()) &&
    (doc.kind === 'donation' || doc.kind === 'expense' || doc.kind === 'refund')
  );
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  balanceFen: number;
  /** Recomputed hash of the last intact entry. */
  headHash: string;
  brokenAt?: { seq: number; reason: string };
  /** Sum of donation and refund amounts per campaign (intact entries only). */
  byCampaign: Map<string, number>;
}

/**
 * Recomputes the chain of a fund from its stored entries (in `_id` order) and compares it with
 * the head. Points at the first entry that does not check out:
 * - a missing entry, a changed field or type, a stored hash that is not the content's hash;
 * - an entry whose content and hash were both rewritten: its successor's prevHash (or the
 *   head's lastHash, for the last one) no longer matches it, and that is reported at it;
 * - a balance that is not the previous balance plus the amount, or below zero.
 */
export function verifyChain(
  fundId: string,
  docs: Array<Record<string, unknown>>,
  head: Pick<FundDoc, 'seq' | 'balanceFen' | 'lastHash'>,
): ChainReport {
  const byCampaign = new Map<string, number>();
  let prevHash = GENESIS_HASH;
  let balanceFen = 0;
  const report = (seq: number, reason: string): ChainReport => ({
    ok: false,
    entries: docs.length,
    balanceFen,
    headHash: prevHash,
    brokenAt: { seq, reason },
    byCampaign,
  });

  for (let i = 0; i < docs.length; i++) {
    const seq = i + 1;
    const doc = docs[i];
    if (doc._id !== entryId(fundId, seq)) return report(seq, `第 ${seq} 条记录缺失`);
    if (!hasEntryShape(doc)) return report(seq, `第 ${seq} 条记录的字段被改动`);
    if (doc.seq !== seq || doc.fundId !== fundId)
      return report(seq, `第 ${seq} 条记录的序号或所属基金被改动`);
    if (hashEntry(doc) !== doc.hash) return report(seq, `第 ${seq} 条记录的内容与其哈希不符`);
    if (doc.prevHash !== prevHash)
      return seq === 1
        ? report(1, '第 1 条记录的前序哈希被改动')
        : report(seq - 1, `第 ${seq - 1} 条记录被改写：与第 ${seq} 条记录的链接断开`);
    if (!signFits(doc.kind, doc.amountFen))
      return report(seq, `第 ${seq} 条记录的金额方向与类型不符`);
    if (doc.balanceFen !== balanceFen + doc.amountFen || doc.balanceFen < 0)
      return report(seq, `第 ${seq} 条记录的余额与累计金额不符`);
    prevHash = doc.hash;
    balanceFen = doc.balanceFen;
    if (doc.campaignId !== null && doc.kind !== 'expense')
      byCampaign.set(doc.campaignId, (byCampaign.get(doc.campaignId) ?? 0) + doc.amountFen);
  }

  const last = docs.length;
  if (head.seq > last) return report(last + 1, `第 ${last + 1} 条记录缺失`);
  if (head.seq < last) return report(head.seq + 1, `第 ${head.seq + 1} 条记录不在基金的记录之内`);
  if (head.lastHash !== prevHash)
    return last === 0
      ? report(0, '基金的链尾哈希被改动')
      : report(last, `第 ${last} 条记录被改写：与基金的链尾哈希不符`);
  if (head.balanceFen !== balanceFen) return report(last, '基金余额与账本累计不符');
  return { ok: true, entries: last, balanceFen, headHash: prevHash, byCampaign };
}
