import type { LedgerCheck, LedgerPage } from '../../typings/fund';
import { formatChina } from '../../miniprogram/shared/china-time';
import { authorize } from '../access';
import { Collections } from '../collections';
import { toCsv } from '../csv';
import { command, type CommandContext } from '../runtime/handler';
import { readAll } from '../runtime/paging';
import { id, int, object, optional } from '../validate';
import { KIND_LABEL, CHANNEL_LABEL, yuanPlain } from './format';
import { verifyChain } from './ledger';
import type { CampaignDoc, FundDoc, LedgerEntryDoc } from './model';
import { load, MISSING } from './store';
import { fundSummary, ledgerEntry } from './views';
import type { IndexDecl } from '../indexes';

/** The fund, once the caller is known to be one of its estate's members. */
async function fundFor(
  ctx: CommandContext,
  fundId: string,
  action: 'fund.ledger' | 'fund.verifyLedger' | 'fund.exportLedger',
): Promise<FundDoc> {
  const fund = await load<FundDoc>(ctx, Collections.funds, fundId, MISSING.fund);
  await authorize(ctx, action, fund.estateId);
  return fund;
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.fundLedger,
    keys: { fundId: 1, _id: 1 },
    why: "verifyLedger, exportLedger: a fund's whole ledger in order",
  },
  {
    collection: Collections.fundLedger,
    keys: { fundId: 1, seq: -1 },
    why: 'ledger: a page of entries before a sequence number, newest first',
  },
  {
    collection: Collections.fundCampaigns,
    keys: { fundId: 1, _id: 1 },
    why: "verifyLedger: the fund's campaigns, to check their totals",
  },
];

/** Every stored entry of a fund in `_id` (= sequence) order, as stored: 1 round trip per 1000. */
const allEntries = (ctx: CommandContext, fundId: string) =>
  readAll<Record<string, unknown>>(
    ctx.db.collection(Collections.fundLedger).where({ fundId }).orderBy('_id', 'asc'),
  );

/**
 * Members: entries newest first with the balance after each. Paged by sequence number, so a
 * page is one indexed range query however long the ledger is. Round trips: fund, membership,
 * the page.
 */
export const ledger = command(
  object({
    fundId: id('基金'),
    beforeSeq: optional(int('翻页参数', { min: 2, max: Number.MAX_SAFE_INTEGER })),
    limit: optional(int('每页条数', { min: 1, max: 100 })),
  }),
  async (ctx, req): Promise<LedgerPage> => {
    const fund = await fundFor(ctx, req.fundId, 'fund.ledger');
    const limit = req.limit ?? 20;
    const _ = ctx.db.command;
    const { data } = await ctx.db
      .collection(Collections.fundLedger)
      .where({ fundId: fund._id, seq: _.lt(req.beforeSeq ?? fund.seq + 1) })
      .orderBy('seq', 'desc')
      .limit(limit)
      .get();
    const entries = (data as LedgerEntryDoc[]).map(ledgerEntry);
    const page: LedgerPage = { fund: fundSummary(fund), entries };
    const last = entries[entries.length - 1];
    if (entries.length === limit && last.seq > 1) page.nextBeforeSeq = last.seq;
    return page;
  },
);

/**
 * Members: recomputes every hash, link and running balance from the stored entries, compares
 * the result with the fund's head and each campaign's total, and names the first entry that
 * does not check out. Reads the whole ledger (1 round trip per 1000 entries): it is the audit.
 */
export const verifyLedger = command(
  object({ fundId: id('基金') }),
  async (ctx, req): Promise<LedgerCheck> => {
    const fund = await fundFor(ctx, req.fundId, 'fund.verifyLedger');
    const [entries, campaigns] = await Promise.all([
      allEntries(ctx, fund._id),
      readAll<CampaignDoc>(
        ctx.db
          .collection(Collections.fundCampaigns)
          .where({ fundId: fund._id })
          .orderBy('_id', 'asc'),
      ),
    ]);
    const chain = verifyChain(fund._id, entries, fund);
    const check: LedgerCheck = {
      ok: chain.ok,
      entries: chain.entries,
      balanceFen: chain.balanceFen,
      headHash: chain.headHash,
      campaigns: campaigns.map((c) => {
        const ledgerFen = chain.byCampaign.get(c._id) ?? 0;
        return {
          id: c._id,
          title: c.title,
          raisedFen: c.raisedFen,
          ledgerFen,
          ok: ledgerFen === c.raisedFen,
        };
      }),
      checkedAt: ctx.now.toISOString(),
    };
    if (chain.brokenAt) check.brokenAt = chain.brokenAt;
    // A campaign total that disagrees with an intact ledger is a broken check too.
    if (chain.ok && check.campaigns.some((c) => !c.ok)) check.ok = false;
    return check;
  },
);

/**
 * Members: the whole ledger as CSV for the notice board (业账社审): one row per entry with its
 * hash, and the head hash and balance in the answer to print beside it. Excel-friendly (BOM).
 */
export const exportLedger = command(object({ fundId: id('基金') }), async (ctx, req) => {
  const fund = await fundFor(ctx, req.fundId, 'fund.exportLedger');
  const entries = (await allEntries(ctx, fund._id)) as unknown as LedgerEntryDoc[];
  const csv = toCsv(
    [
      '序号',
      '时间',
      '类型',
      '方式',
      '收入（元）',
      '支出（元）',
      '余额（元）',
      '对方',
      '说明',
      '哈希',
    ],
    // In and out in two columns, both positive, as on a paper account book (and no leading
    // minus sign for csvCell to neutralise).
    entries.map((e) => [
      e.seq,
      formatChina(e.at, 'YYYY-MM-DD HH:mm'),
      KIND_LABEL[e.kind],
      e.channel ? CHANNEL_LABEL[e.channel] : '',
      e.amountFen > 0 ? yuanPlain(e.amountFen) : '',
      e.amountFen < 0 ? yuanPlain(-e.amountFen) : '',
      yuanPlain(e.balanceFen),
      e.counterparty,
      e.memo,
      e.hash,
    ]),
  );
  return {
    fileName: `${fund.name}账本-${formatChina(ctx.now, 'YYYY-MM-DD')}.csv`,
    csv: `\ufeff${csv}`,
    entries: entries.length,
    balanceFen: fund.balanceFen,
    headHash: fund.lastHash,
  };
});
