import type { ActionSpec, Photo } from './api';

/**
 * 社区基金: funds, campaigns (募捐), online and offline donations, expenses and the public,
 * hash-chained ledger. Every amount is an integer number of fen (分); every time is ISO 8601.
 */

export type CampaignStatus = 'open' | 'closed';
/** 微信支付 online; 现金 / 转账 recorded by one committee member and confirmed by another. */
export type DonationChannel = 'wechat' | 'cash' | 'transfer';
export type DonationStatus =
  | 'pending' // online: order created, not paid yet
  | 'paid' // online: credited to the fund
  | 'failed' // online: the payment failed or was cancelled
  | 'recorded' // offline: waiting for a second committee member
  | 'confirmed' // offline: credited to the fund
  | 'rejected' // offline: the second committee member refused it
  | 'refunded'; // credited once, then given back (a refund entry in the ledger)
export type ExpenseStatus = 'submitted' | 'approved' | 'rejected' | 'paid';
export type LedgerKind = 'donation' | 'expense' | 'refund';

export interface FundSummary {
  id: string;
  estateId: string;
  name: string;
  description: string;
  balanceFen: number;
  totalInFen: number;
  totalOutFen: number;
  /** Entries in the ledger (the last sequence number). */
  entries: number;
  /** Hash of the last entry: print it on the notice board to anchor the chain. */
  headHash: string;
}

export interface CampaignSummary {
  id: string;
  fundId: string;
  title: string;
  purpose: string;
  goalFen: number;
  raisedFen: number;
  /** Credited donations (人次). */
  donationCount: number;
  /** Whole percent of the goal, may exceed 100. */
  progressPercent: number;
  /** e.g. "已筹 ¥12,345 / ¥30,000". */
  statusLine: string;
  /** Last day donations are taken (end of day, China time). */
  deadline: string;
  /** Days until the deadline, 0 on the last day; negative when past. */
  daysLeft: number;
  status: CampaignStatus;
  /** Donations are taken now: open and not past the deadline. */
  accepting: boolean;
  proposalId?: string;
}

export interface LedgerEntry {
  seq: number;
  kind: LedgerKind;
  /** 捐款 / 支出 / 退款, with the channel for donations. */
  kindLabel: string;
  /** Signed: money in is positive, money out negative. */
  amountFen: number;
  /** The fund's balance right after this entry. */
  balanceFen: number;
  /** Donor (匿名 when anonymous) or payee. */
  counterparty: string;
  /** The campaign title for donations, the purpose for expenses. */
  memo: string;
  at: string;
  hash: string;
  campaignId?: string;
}

export interface DonorRow {
  /** The donor's chosen name, or 匿名. */
  name: string;
  amountFen: number;
  channelLabel: string;
  at: string;
  /** The caller's own donation. */
  mine: boolean;
}

export interface CampaignView {
  campaign: CampaignSummary;
  fund: { id: string; name: string };
  /** Distinct donors credited (a member online, a name offline; each anonymous offline gift counts once). */
  donorCount: number;
  /** Newest first, 20 a page. */
  donors: DonorRow[];
  /** Pass as `donorsBefore` for the next page; absent on the last one. */
  nextDonors?: string;
  /** What the donate sheet offers, in fen. */
  amountChips: number[];
  limits: { minFen: number; maxFen: number };
}

/** What the client does to pay: the parameters of wx.requestPayment. */
export interface PayRequest {
  provider: 'wechatpay';
  params: {
    timeStamp: string;
    nonceStr: string;
    package: string;
    signType: 'MD5' | 'HMAC-SHA256' | 'RSA';
    paySign: string;
  };
}

export interface DonateData {
  orderId: string;
  status: DonationStatus;
  amountFen: number;
  /** Absent when the order is already settled (a repeated request after paying). */
  payment?: PayRequest;
}

export interface MyDonationRow {
  id: string;
  campaignId: string;
  campaignTitle: string;
  amountFen: number;
  anonymous: boolean;
  channel: DonationChannel;
  status: DonationStatus;
  statusLabel: string;
  createdAt: string;
}

export interface OfflineRecordRow {
  id: string;
  campaignId: string;
  campaignTitle: string;
  amountFen: number;
  channel: 'cash' | 'transfer';
  /** 匿名 for anonymous gifts, for everyone. */
  donorName: string;
  photos: string[];
  note: string;
  status: DonationStatus;
  statusLabel: string;
  recordedBy: string;
  recordedAt: string;
  /** The caller recorded it, so another committee member must confirm it. */
  mine: boolean;
  reason?: string;
}

export interface ExpenseRow {
  id: string;
  fundId: string;
  campaignId?: string;
  amountFen: number;
  payee: string;
  purpose: string;
  receipts: string[];
  status: ExpenseStatus;
  statusLabel: string;
  submittedBy: string;
  submittedAt: string;
  decidedBy?: string;
  reason?: string;
  /** The ledger entry written when it was approved. */
  ledgerSeq?: number;
  paidAt?: string;
  proof: string[];
  /** The caller submitted it (so may not approve or reject it). */
  mine: boolean;
}

export interface RefundData {
  donationId: string;
  status: DonationStatus;
  /** The refund entry and the balance after it; absent when it was refunded already. */
  seq?: number;
  balanceFen?: number;
}

export interface FundOverview {
  fund: FundSummary;
  /** The estate's funds, oldest first, for a switcher. */
  funds: Array<{ id: string; name: string }>;
  /** Open ones first, then the latest closed ones; at most 10. */
  campaigns: CampaignSummary[];
  /** The latest 10 ledger entries. */
  recent: LedgerEntry[];
  /** What the caller may do here (the policy table's answer). */
  can: { manage: boolean; createCampaign: boolean };
  /** Committee only: what waits for a second member. */
  pending?: { offline: number; expenses: number };
}

export interface LedgerPage {
  fund: FundSummary;
  /** Newest first. */
  entries: LedgerEntry[];
  /** Pass as `beforeSeq` for the next page; absent on the last one. */
  nextBeforeSeq?: number;
}

export interface LedgerCheck {
  /** True when every hash, link and balance recomputes and the head agrees. */
  ok: boolean;
  entries: number;
  /** Recomputed from the entries' amounts. */
  balanceFen: number;
  headHash: string;
  /** The first entry that does not check out. */
  brokenAt?: { seq: number; reason: string };
  /** Each campaign's running total against the sum of its ledger entries. */
  campaigns: Array<{
    id: string;
    title: string;
    raisedFen: number;
    ledgerFen: number;
    ok: boolean;
  }>;
  checkedAt: string;
}

export interface FundApi {
  /** Committee/staff: a fund (e.g. 糖果甜蜜基金) with an empty ledger. */
  createFund: ActionSpec<
    { estateId: string; name: string; description?: string },
    { fundId: string }
  >;
  /** Members: balance, campaigns, recent ledger. Without ids: the caller's first estate's first fund. */
  fund: ActionSpec<{ estateId?: string; fundId?: string }, FundOverview>;
  /** Committee/staff: a campaign with a goal and a deadline (YYYY-MM-DD); it joins the home feed. */
  createCampaign: ActionSpec<
    {
      fundId: string;
      title: string;
      purpose: string;
      goalFen: number;
      deadline: string;
      proposalId?: string;
    },
    CampaignSummary
  >;
  /** Committee/staff: stop taking donations; it leaves the home feed. */
  closeCampaign: ActionSpec<{ campaignId: string }, CampaignSummary>;
  /** Members: progress, donor count and donors (anonymous ones as 匿名). */
  campaign: ActionSpec<{ campaignId: string; donorsBefore?: string }, CampaignView>;
  /** Members: a payment order. The same idempotency key answers the same order, never a second one. */
  donate: ActionSpec<
    {
      campaignId: string;
      amountFen: number;
      anonymous: boolean;
      /** Shown to other members unless anonymous; default the household label. */
      name?: string;
      idempotencyKey: string;
    },
    DonateData
  >;
  /**
   * The payment provider's result notice (WeChat Pay calls the function with no `action`).
   * Never called by the mini-program: refused to any caller with an openid. Idempotent.
   */
  payCallback: ActionSpec<Record<string, unknown>, { errcode: number; errmsg: string }>;
  /** Members: my donations in an estate, newest first. */
  myDonations: ActionSpec<
    { estateId: string; before?: string },
    { donations: MyDonationRow[]; totalGivenFen: number; next?: string }
  >;
  /** Committee member A: cash or a transfer received, with photos; B must confirm. */
  recordOffline: ActionSpec<
    {
      campaignId: string;
      amountFen: number;
      channel: 'cash' | 'transfer';
      donorName?: string;
      anonymous: boolean;
      photos: string[];
      note?: string;
      idempotencyKey: string;
    },
    OfflineRecordRow
  >;
  /** Committee: offline records of a fund (default: those waiting for confirmation). */
  offlineRecords: ActionSpec<
    { fundId: string; status?: 'recorded' | 'all' },
    { records: OfflineRecordRow[] }
  >;
  /** Committee: the photos of an offline record, to see before confirming (temporary URLs). */
  offlinePhotos: ActionSpec<{ donationId: string }, { photos: Photo[] }>;
  /** Committee member B (never the one who recorded it): credit it to the fund. */
  confirmOffline: ActionSpec<{ donationId: string }, OfflineRecordRow>;
  /** Committee member B: refuse a record (wrong amount, no photo…), with a reason. */
  rejectOffline: ActionSpec<{ donationId: string; reason: string }, OfflineRecordRow>;
  /** Committee: an expense with receipts, waiting for another member's approval. */
  submitExpense: ActionSpec<
    {
      fundId: string;
      amountFen: number;
      payee: string;
      purpose: string;
      receipts: string[];
      campaignId?: string;
      idempotencyKey: string;
    },
    ExpenseRow
  >;
  /** Members: a fund's expenses, newest first (the committee decides from this list). */
  expenses: ActionSpec<
    { fundId: string; before?: string },
    { expenses: ExpenseRow[]; next?: string }
  >;
  /** Members: an expense's receipts and payment proof (temporary URLs). */
  expensePhotos: ActionSpec<{ expenseId: string }, { photos: Photo[] }>;
  /** Another committee member: approve; writes the ledger entry; refused if it would overdraw. */
  approveExpense: ActionSpec<{ expenseId: string }, ExpenseRow>;
  /** Another committee member: reject with a reason. */
  rejectExpense: ActionSpec<{ expenseId: string; reason: string }, ExpenseRow>;
  /** Committee: the approved money was handed over (optional proof photos). */
  markPaid: ActionSpec<{ expenseId: string; proof?: string[] }, ExpenseRow>;
  /** Committee: give a credited donation back; a refund entry, never an edit. */
  refundDonation: ActionSpec<{ donationId: string; reason: string }, RefundData>;
  /** Members: ledger entries newest first, 20 a page by default, with the running balance. */
  ledger: ActionSpec<{ fundId: string; beforeSeq?: number; limit?: number }, LedgerPage>;
  /** Members: recompute the hash chain and balances; names the first broken entry. */
  verifyLedger: ActionSpec<{ fundId: string }, LedgerCheck>;
  /** Members: the whole ledger as CSV for the notice board (业账社审). */
  exportLedger: ActionSpec<
    { fundId: string },
    { fileName: string; csv: string; entries: number; balanceFen: number; headHash: string }
  >;
}
