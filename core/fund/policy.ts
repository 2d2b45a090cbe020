import type { Audience } from '../permissions';

const COMMITTEE = ['committee'] as const;
/** The office may set a fund up with the committee; money decisions stay with the committee. */
const ORGANISERS = ['committee', 'staff'] as const;

/** Who may take each `fund` action (see core/permissions.ts). */
export const FUND_POLICY = {
  'fund.createFund': { who: ORGANISERS, what: '设立基金' },
  'fund.fund': { who: 'member' },
  'fund.createCampaign': { who: ORGANISERS, what: '发起募捐' },
  'fund.closeCampaign': { who: ORGANISERS, what: '结束募捐' },
  'fund.campaign': { who: 'member' },
  'fund.donate': { who: 'member' },
  'fund.payCallback': { who: 'system' },
  'fund.myDonations': { who: 'member' },
  'fund.recordOffline': { who: COMMITTEE, what: '登记线下捐款' },
  'fund.offlineRecords': { who: COMMITTEE, what: '查看待复核的线下捐款' },
  'fund.offlinePhotos': { who: COMMITTEE, what: '查看线下捐款的凭证' },
  'fund.confirmOffline': { who: COMMITTEE, what: '复核线下捐款' },
  'fund.rejectOffline': { who: COMMITTEE, what: '复核线下捐款' },
  'fund.submitExpense': { who: COMMITTEE, what: '提交支出' },
  'fund.expenses': { who: 'member' },
  'fund.expensePhotos': { who: 'member' },
  'fund.approveExpense': { who: COMMITTEE, what: '审批支出' },
  'fund.rejectExpense': { who: COMMITTEE, what: '审批支出' },
  'fund.markPaid': { who: COMMITTEE, what: '登记付款' },
  'fund.refundDonation': { who: COMMITTEE, what: '退款' },
  'fund.ledger': { who: 'member' },
  'fund.verifyLedger': { who: 'member' },
  'fund.exportLedger': { who: 'member' },
} as const satisfies Record<string, Audience>;
