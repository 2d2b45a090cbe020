import type { FundOverview } from '../../typings/fund';
import { authorize, authorizeMember } from '../access';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { AppError } from '../errors';
import { decide } from '../permissions';
import { command, type CommandContext } from '../runtime/handler';
import { id, object, optional, string } from '../validate';
import { newId } from './ids';
import { GENESIS_HASH } from './ledger';
import type { CampaignDoc, FundDoc, LedgerEntryDoc } from './model';
import { load, MISSING } from './store';
import { campaignSummary, fundSummary, ledgerEntry } from './views';
import type { IndexDecl } from '../indexes';

const RECENT = 10;

/** Committee/staff: a fund with an empty ledger. Round trips: membership, insert, audit. */
export const createFund = command(
  object({
    estateId: id('小区'),
    name: string('基金名称', { max: 30 }),
    description: optional(string('基金说明', { max: 500 })),
  }),
  async (ctx, req) => {
    const { openid } = await authorize(ctx, 'fund.createFund', req.estateId);
    const fund: FundDoc = {
      _id: newId('f_'),
      estateId: req.estateId,
      name: req.name,
      description: req.description ?? '',
      seq: 0,
      balanceFen: 0,
      totalInFen: 0,
      totalOutFen: 0,
      lastHash: GENESIS_HASH,
      appendLease: new Date(0),
      createdBy: openid,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    await ctx.db.collection(Collections.funds).add(fund);
    await writeAudit(ctx.db, ctx, {
      estateId: req.estateId,
      actor: openid,
      action: 'fund.createFund',
      target: fund._id,
      summary: `设立了${fund.name}`,
    });
    return { fundId: fund._id };
  },
);

const fundsOf = (ctx: CommandContext, estateId: string): Promise<FundDoc[]> =>
  ctx.db
    .collection(Collections.funds)
    .where({ estateId })
    .orderBy('createdAt', 'asc')
    .limit(20)
    .get()
    .then((r) => r.data as FundDoc[]);

/**
 * The fund asked for (checked against the estate, if one is given), or the estate's oldest
 * fund; with the caller's membership and the estate's funds (when already read).
 */
async function pickFund(ctx: CommandContext, req: { estateId?: string; fundId?: string }) {
  if (req.fundId) {
    const fund = await load<FundDoc>(ctx, Collections.funds, req.fundId, MISSING.fund);
    if (req.estateId && req.estateId !== fund.estateId)
      throw new AppError('NOT_FOUND', MISSING.fund);
    return { fund, caller: await authorize(ctx, 'fund.fund', fund.estateId), funds: undefined };
  }
  const caller = await authorizeMember(ctx, 'fund.fund', req.estateId);
  const funds = await fundsOf(ctx, caller.member.estateId);
  if (funds.length === 0) throw new AppError('NOT_FOUND', '本小区还没有设立社区基金');
  return { fund: funds[0], caller, funds };
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.funds,
    keys: { estateId: 1, createdAt: 1 },
    why: "an estate's funds, oldest first",
  },
  {
    collection: Collections.fundCampaigns,
    keys: { fundId: 1, createdAt: -1 },
    why: "fund: a fund's latest campaigns",
  },
  {
    collection: Collections.fundLedger,
    keys: { fundId: 1, seq: -1 },
    why: "fund: a fund's latest ledger entries",
  },
  {
    collection: Collections.fundDonations,
    keys: { fundId: 1, createdAt: -1, status: 1 },
    why: 'fund: offline records waiting for a second member (count)',
  },
  {
    collection: Collections.fundExpenses,
    keys: { fundId: 1, submittedAt: -1 },
    why: 'fund: expenses waiting for approval (count)',
  },
];

/**
 * Members: the fund's balance, its campaigns and latest entries. Round trips: the fund and the
 * membership (or the membership and the estate's funds), then in parallel the campaigns, the
 * recent entries, the estate's funds (when not read yet) and — for the committee — two counts.
 * None grows with the ledger.
 */
export const fund = command(
  object({ estateId: optional(id('小区')), fundId: optional(id('基金')) }),
  async (ctx, req): Promise<FundOverview> => {
    const picked = await pickFund(ctx, req);
    const { fund } = picked;
    const caller = { openid: picked.caller.openid, roles: picked.caller.member?.roles };
    const manage = decide('fund.recordOffline', caller) === true;
    const db = ctx.db;
    const count = (collection: string, where: object) =>
      db
        .collection(collection)
        .where(where)
        .count()
        .then((r) => r.total);
    const [funds, campaigns, recent, pending] = await Promise.all([
      picked.funds ?? fundsOf(ctx, fund.estateId),
      db
        .collection(Collections.fundCampaigns)
        .where({ fundId: fund._id })
        .orderBy('createdAt', 'desc')
        .limit(RECENT)
        .get()
        .then((r) => r.data as CampaignDoc[]),
      db
        .collection(Collections.fundLedger)
        .where({ fundId: fund._id })
        .orderBy('seq', 'desc')
        .limit(RECENT)
        .get()
        .then((r) => r.data as LedgerEntryDoc[]),
      manage
        ? Promise.all([
            count(Collections.fundDonations, { fundId: fund._id, status: 'recorded' }),
            count(Collections.fundExpenses, { fundId: fund._id, status: 'submitted' }),
          ])
        : undefined,
    ]);
    const out: FundOverview = {
      fund: fundSummary(fund),
      funds: funds.map((f) => ({ id: f._id, name: f.name })),
      campaigns: campaigns
        .map((c) => campaignSummary(c, ctx.now))
        .sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open')),
      recent: recent.map(ledgerEntry),
      can: { manage, createCampaign: decide('fund.createCampaign', caller) === true },
    };
    if (pending) out.pending = { offline: pending[0], expenses: pending[1] };
    return out;
  },
);
