import type {
  CampaignStatus,
  DonationChannel,
  DonationStatus,
  ExpenseStatus,
  LedgerKind,
} from '../../typings/fund';

/** Documents as stored. Every one carries `estateId`. Amounts are integer fen. */

/**
 * A fund, and the head of its ledger: the last entry's sequence number, the balance after it
 * and its hash. Every append reads and rewrites these in one transaction, so concurrent appends
 * conflict here (and retry) instead of both taking the same place.
 */
export interface FundDoc {
  _id: string;
  estateId: string;
  name: string;
  description: string;
  seq: number;
  balanceFen: number;
  totalInFen: number;
  totalOutFen: number;
  lastHash: string;
  /**
   * Until when one invocation is appending the fund's settled gifts (epoch when nobody is).
   * Spares concurrent donations from racing for the head; correctness never depends on it.
   */
  appendLease: Date;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface CampaignDoc {
  _id: string;
  estateId: string;
  fundId: string;
  /** Copied at creation so the campaign page needs no second read. */
  fundName: string;
  title: string;
  purpose: string;
  goalFen: number;
  /** The last instant donations are taken. */
  deadline: Date;
  proposalId: string | null;
  status: CampaignStatus;
  /** Credited donations minus refunds: always the sum of its ledger entries. */
  raisedFen: number;
  donationCount: number;
  createdBy: string;
  createdAt: Date;
  closedAt: Date | null;
}

/** An online payment order or an offline record: one gift. */
export interface DonationDoc {
  /** Online: derived from campaign, donor and idempotency key; it is the WeChat Pay out_trade_no. */
  _id: string;
  estateId: string;
  fundId: string;
  campaignId: string;
  campaignTitle: string;
  channel: DonationChannel;
  amountFen: number;
  anonymous: boolean;
  /** The name the donor chose (or the committee wrote down); never shown when anonymous. */
  donorName: string;
  /** Online: who pays. Offline: null (the donor may not be a member). */
  donorOpenid: string | null;
  /** Counts distinct donors: `m:<openid>`, `n:<name>`, or the record id for anonymous cash. */
  donorKey: string;
  status: DonationStatus;
  createdBy: string;
  createdByName: string;
  createdAt: Date;
  /** When the gift was settled (paid, or confirmed by a second committee member). */
  creditedAt: Date | null;
  /**
   * Its ledger entry exists. A settled gift without one is waiting for its fund's next append
   * (core/fund/credits.ts); the entry's `ref` is the gift id, and is what the append checks.
   */
  inLedger: boolean;
  /** The provider's transaction id, or who confirmed an offline gift. */
  settledBy: string | null;
  settledByName: string | null;
  photos: string[];
  note: string;
  reason: string | null;
  refundedAt: Date | null;
}

export interface ExpenseDoc {
  _id: string;
  estateId: string;
  fundId: string;
  campaignId: string | null;
  amountFen: number;
  payee: string;
  purpose: string;
  receipts: string[];
  status: ExpenseStatus;
  submittedBy: string;
  submittedByName: string;
  submittedAt: Date;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  reason: string | null;
  ledgerSeq: number | null;
  paidBy: string | null;
  paidAt: Date | null;
  proof: string[];
}

/** The hashed content of a ledger entry: everything stored but `_id` and `hash`. */
export interface EntryContent {
  fundId: string;
  estateId: string;
  seq: number;
  kind: LedgerKind;
  /** Signed: in positive, out negative. */
  amountFen: number;
  balanceFen: number;
  campaignId: string | null;
  /** The donation or expense this entry records. */
  ref: string;
  channel: DonationChannel | null;
  /** Donor as shown (匿名 when anonymous) or payee. Never an openid. */
  counterparty: string;
  memo: string;
  at: Date;
  prevHash: string;
}

/** Append-only: written once inside the append transaction, never updated. */
export interface LedgerEntryDoc extends EntryContent {
  /** From fund and sequence number: two appends can never take the same place. */
  _id: string;
  hash: string;
}
