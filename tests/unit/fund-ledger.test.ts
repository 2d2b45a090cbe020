import {
  canonical,
  entryId,
  GENESIS_HASH,
  hashEntry,
  nextEntry,
  signFits,
  verifyChain,
  type EntryInput,
  type Head,
} from '../../core/fund/ledger';
import type { LedgerEntryDoc } from '../../core/fund/model';
import { AppError } from '../../core/errors';

const FUND = 'f_test';
const T0 = new Date(Date.UTC(2026, 10, 1, 2, 0, 0, 123));
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

const emptyHead = (): Head => ({
  _id: FUND,
  estateId: 'tangguo',
  seq: 0,
  balanceFen: 0,
  lastHash: GENESIS_HASH,
  totalInFen: 0,
  totalOutFen: 0,
});

const gift = (amountFen: number, campaignId = 'c_1'): EntryInput => ({
  kind: 'donation',
  amountFen,
  campaignId,
  ref: `d_${amountFen}`,
  channel: 'wechat',
  counterparty: '匿名',
  memo: '寻回后山公园',
});
const spend = (amountFen: number): EntryInput => ({
  kind: 'expense',
  amountFen: -amountFen,
  campaignId: null,
  ref: `e_${amountFen}`,
  channel: null,
  counterparty: '里水建材店',
  memo: '山间小路瓷砖',
});

/** Builds a chain by appending inputs in order; answers the entries and the final head. */
function chain(inputs: EntryInput[]): { entries: LedgerEntryDoc[]; head: Head } {
  let head = emptyHead();
  const entries: LedgerEntryDoc[] = [];
  inputs.forEach((input, i) => {
    const next = nextEntry(head, input, at(i));
    entries.push(next.entry);
    head = { ...head, ...next.head };
  });
  return { entries, head };
}

const asStored = (entries: LedgerEntryDoc[]) =>
  entries.map((e) => ({ ...e }) as Record<string, unknown>);

describe('nextEntry', () => {
  it('numbers entries from 1, keeps a running balance and chains each hash to the previous', () => {
    const { entries, head } = chain([gift(10_000), gift(5_000), spend(12_000), gift(300)]);
    expect(entries.map((e) => [e.seq, e.amountFen, e.balanceFen])).toEqual([
      [1, 10_000, 10_000],
      [2, 5_000, 15_000],
      [3, -12_000, 3_000],
      [4, 300, 3_300],
    ]);
    expect(entries[0].prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i].prevHash).toBe(entries[i - 1].hash);
    expect(head).toMatchObject({
      seq: 4,
      balanceFen: 3_300,
      lastHash: entries[3].hash,
      totalInFen: 15_300,
      totalOutFen: 12_000,
    });
  });

  it('takes its id from fund and sequence number, zero-padded so id order is sequence order', () => {
    expect(entryId(FUND, 7)).toBe('f_test_000000007');
    expect(entryId(FUND, 10) > entryId(FUND, 9)).toBe(true);
    expect(chain([gift(100)]).entries[0]._id).toBe('f_test_000000001');
  });

  it('refuses an entry that would take the balance below zero, and allows exactly zero', () => {
    const { head } = chain([gift(10_000)]);
    expect(() => nextEntry(head, spend(10_001), at(9))).toThrow(AppError);
    expect(() => nextEntry(head, spend(10_001), at(9))).toThrow(/余额不足.*¥100.*¥100\.01/);
    expect(nextEntry(head, spend(10_000), at(9)).entry.balanceFen).toBe(0);
  });

  it.each([
    ['donation', 0, false],
    ['donation', -1, false],
    ['donation', 1, true],
    ['expense', 1, false],
    ['expense', -1, true],
    ['refund', -500, true],
    ['refund', 500, false],
    ['donation', 1.5, false],
  ] as const)('a %s of %d fen fits its sign: %s', (kind, amount, fits) => {
    expect(signFits(kind, amount)).toBe(fits);
  });

  it('never writes an amount of the wrong sign (a bug, not a refusal)', () => {
    expect(() => nextEntry(emptyHead(), { ...gift(100), amountFen: -100 }, T0)).toThrow(
      /ledger: donation/,
    );
  });
});

describe('the canonical form and the hash', () => {
  it('is a fixed-order array, so the same content always hashes the same', () => {
    const [e] = chain([gift(100)]).entries;
    const shuffled = Object.fromEntries(Object.entries(e).reverse()) as unknown as LedgerEntryDoc;
    expect(canonical(shuffled)).toBe(canonical(e));
    expect(JSON.parse(canonical(e))[0]).toBe('gongzhi-ledger/1');
    expect(hashEntry(e)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['amountFen', 101],
    ['balanceFen', 101],
    ['counterparty', '王先生'],
    ['memo', '别的用途'],
    ['at', new Date(T0.getTime() + 1)],
    ['prevHash', '1'.repeat(64)],
    ['campaignId', null],
    ['channel', 'cash'],
  ])('changes when %s changes', (field, value) => {
    const [e] = chain([gift(100)]).entries;
    expect(hashEntry({ ...e, [field]: value })).not.toBe(e.hash);
  });
});

describe('verifyChain', () => {
  const { entries, head } = chain([gift(10_000), gift(5_000, 'c_2'), spend(2_000), gift(700)]);
  const verify = (docs: Array<Record<string, unknown>>, h: Partial<Head> = {}) =>
    verifyChain(FUND, docs, { ...head, ...h });

  it('accepts an intact chain and sums donations per campaign', () => {
    const report = verify(asStored(entries));
    expect(report).toMatchObject({ ok: true, entries: 4, balanceFen: 13_700 });
    expect(report.headHash).toBe(head.lastHash);
    expect(report.brokenAt).toBeUndefined();
    expect(Object.fromEntries(report.byCampaign)).toEqual({ c_1: 10_700, c_2: 5_000 });
  });

  it('accepts an empty ledger with an empty head', () => {
    expect(verifyChain(FUND, [], emptyHead())).toMatchObject({ ok: true, entries: 0 });
  });

  it.each([
    ['amountFen', 1_000_000],
    ['balanceFen', 1],
    ['counterparty', '王先生'],
    ['memo', '挪作他用'],
    ['hash', 'f'.repeat(64)],
    ['prevHash', 'f'.repeat(64)],
    ['at', new Date(0)],
    ['kind', 'refund'],
    ['ref', 'd_other'],
  ])('points at the entry whose %s was edited', (field, value) => {
    for (let i = 0; i < entries.length; i++) {
      const docs = asStored(entries);
      docs[i] = { ...docs[i], [field]: value };
      const report = verify(docs);
      expect(report.ok).toBe(false);
      expect(report.brokenAt?.seq).toBe(i + 1);
    }
  });

  it('points at an entry with an added, removed or retyped field', () => {
    const added = asStored(entries);
    added[1] = { ...added[1], note: 'x' };
    expect(verify(added).brokenAt).toEqual({ seq: 2, reason: expect.stringContaining('字段') });
    const removed = asStored(entries);
    delete removed[2].memo;
    expect(verify(removed).brokenAt?.seq).toBe(3);
    const retyped = asStored(entries);
    retyped[0] = { ...retyped[0], amountFen: '10000' };
    expect(verify(retyped).brokenAt?.seq).toBe(1);
  });

  it('points at an entry rewritten with a fresh hash: its successor no longer links to it', () => {
    for (let i = 0; i < entries.length; i++) {
      const docs = asStored(entries);
      const forged = { ...entries[i], counterparty: '冒名' };
      docs[i] = { ...forged, hash: hashEntry(forged) };
      expect(verify(docs).brokenAt?.seq).toBe(i + 1);
    }
  });

  it('points at a missing entry, in the middle or at the end', () => {
    const middle = asStored(entries).filter((_, i) => i !== 1);
    expect(verify(middle).brokenAt).toEqual({ seq: 2, reason: '第 2 条记录缺失' });
    const end = asStored(entries).slice(0, 3);
    expect(verify(end).brokenAt).toEqual({ seq: 4, reason: '第 4 条记录缺失' });
  });

  it('points at a renumbered entry', () => {
    const docs = asStored(entries);
    docs[2] = { ...docs[2], seq: 9 };
    expect(verify(docs).brokenAt?.seq).toBe(3);
  });

  it('reports a head that disagrees with the entries', () => {
    expect(verify(asStored(entries), { balanceFen: 99 }).brokenAt?.seq).toBe(4);
    expect(verify(asStored(entries), { seq: 5 }).brokenAt?.seq).toBe(5);
  });

  it('catches a consistent rewrite of amounts and balances by the broken link', () => {
    // Raise entry 2 by 1,000 and every later balance with it, re-hashing only entry 2.
    const docs = asStored(entries);
    const e2 = { ...entries[1], amountFen: 6_000, balanceFen: 16_000 };
    docs[1] = { ...e2, hash: hashEntry(e2) };
    expect(verify(docs).brokenAt?.seq).toBe(2);
  });
});
