import type {
  CampaignSummary,
  DonorRow,
  ExpenseRow,
  FundSummary,
  LedgerEntry,
  MyDonationRow,
  OfflineRecordRow,
} from '../../typings/fund';
import {
  ANONYMOUS,
  CHANNEL_LABEL,
  daysLeft,
  DONATION_STATUS_LABEL,
  EXPENSE_STATUS_LABEL,
  KIND_LABEL,
  progressPercent,
  statusLine,
} from './format';
import type { CampaignDoc, DonationDoc, ExpenseDoc, FundDoc, LedgerEntryDoc } from './model';

/**
 * Stored documents → what the API answers. The only place that decides what a reader sees:
 * openids never leave, and an anonymous donor's name is replaced by 匿名 for everyone.
 */

const iso = (t: Date): string => new Date(t).toISOString();

export const shownName = (d: Pick<DonationDoc, 'anonymous' | 'donorName'>): string =>
  d.anonymous ? ANONYMOUS : d.donorName;

export function fundSummary(f: FundDoc): FundSummary {
  return {
    id: f._id,
    estateId: f.estateId,
    name: f.name,
    description: f.description,
    balanceFen: f.balanceFen,
    totalInFen: f.totalInFen,
    totalOutFen: f.totalOutFen,
    entries: f.seq,
    headHash: f.lastHash,
  };
}

/** Donations are taken while the campaign is open and its deadline has not passed. */
export const accepting = (c: CampaignDoc, now: Date): boolean =>
  c.status === 'open' && now.getTime() <= new Date(c.deadline).getTime();

export function campaignSummary(c: CampaignDoc, now: Date): CampaignSummary {
  const out: CampaignSummary = {
    id: c._id,
    fundId: c.fundId,
    title: c.title,
    purpose: c.purpose,
    goalFen: c.goalFen,
    raisedFen: c.raisedFen,
    donationCount: c.donationCount,
    progressPercent: progressPercent(c.raisedFen, c.goalFen),
    statusLine: statusLine(c.raisedFen, c.goalFen),
    deadline: iso(c.deadline),
    daysLeft: daysLeft(new Date(c.deadline), now),
    status: c.status,
    accepting: accepting(c, now),
  };
  if (c.proposalId) out.proposalId = c.proposalId;
  return out;
}

export function ledgerEntry(e: LedgerEntryDoc): LedgerEntry {
  const out: LedgerEntry = {
    seq: e.seq,
    kind: e.kind,
    kindLabel: e.channel ? `${KIND_LABEL[e.kind]}·${CHANNEL_LABEL[e.channel]}` : KIND_LABEL[e.kind],
    amountFen: e.amountFen,
    balanceFen: e.balanceFen,
    counterparty: e.counterparty,
    memo: e.memo,
    at: iso(e.at),
    hash: e.hash,
  };
  if (e.campaignId) out.campaignId = e.campaignId;
  return out;
}

export function donorRow(d: DonationDoc, viewer: string): DonorRow {
  return {
    name: shownName(d),
    amountFen: d.amountFen,
    channelLabel: CHANNEL_LABEL[d.channel],
    at: iso(d.creditedAt ?? d.createdAt),
    mine: d.donorOpenid !== null && d.donorOpenid === viewer,
  };
}

export function myDonationRow(d: DonationDoc): MyDonationRow {
  return {
    id: d._id,
    campaignId: d.campaignId,
    campaignTitle: d.campaignTitle,
    amountFen: d.amountFen,
    anonymous: d.anonymous,
    channel: d.channel,
    status: d.status,
    statusLabel: DONATION_STATUS_LABEL[d.status],
    createdAt: iso(d.createdAt),
  };
}

export function offlineRow(d: DonationDoc, viewer: string): OfflineRecordRow {
  const out: OfflineRecordRow = {
    id: d._id,
    campaignId: d.campaignId,
    campaignTitle: d.campaignTitle,
    amountFen: d.amountFen,
    channel: d.channel === 'transfer' ? 'transfer' : 'cash',
    donorName: shownName(d),
    photos: d.photos,
    note: d.note,
    status: d.status,
    statusLabel: DONATION_STATUS_LABEL[d.status],
    recordedBy: d.createdByName,
    recordedAt: iso(d.createdAt),
    mine: d.createdBy === viewer,
  };
  if (d.reason) out.reason = d.reason;
  return out;
}

export function expenseRow(e: ExpenseDoc, viewer: string): ExpenseRow {
  const out: ExpenseRow = {
    id: e._id,
    fundId: e.fundId,
    amountFen: e.amountFen,
    payee: e.payee,
    purpose: e.purpose,
    receipts: e.receipts,
    status: e.status,
    statusLabel: EXPENSE_STATUS_LABEL[e.status],
    submittedBy: e.submittedByName,
    submittedAt: iso(e.submittedAt),
    proof: e.proof,
    mine: e.submittedBy === viewer,
  };
  if (e.campaignId) out.campaignId = e.campaignId;
  if (e.decidedByName) out.decidedBy = e.decidedByName;
  if (e.reason) out.reason = e.reason;
  if (e.ledgerSeq !== null) out.ledgerSeq = e.ledgerSeq;
  if (e.paidAt) out.paidAt = iso(e.paidAt);
  return out;
}
