import type { Commands } from '../runtime/handler';
import { campaign, closeCampaign, createCampaign } from './campaigns';
import { donate, myDonations, payCallback } from './donations';
import {
  approveExpense,
  expensePhotos,
  expenses,
  markPaid,
  rejectExpense,
  submitExpense,
} from './expenses';
import { createFund, fund } from './funds';
import { exportLedger, ledger, verifyLedger } from './ledger-actions';
import {
  confirmOffline,
  offlinePhotos,
  offlineRecords,
  recordOffline,
  rejectOffline,
} from './offline';
import { refundDonation } from './refunds';

/** The `fund` function's actions. */
export const fundCommands: Commands = {
  createFund,
  fund,
  createCampaign,
  closeCampaign,
  campaign,
  donate,
  payCallback,
  myDonations,
  recordOffline,
  offlineRecords,
  offlinePhotos,
  confirmOffline,
  rejectOffline,
  submitExpense,
  expenses,
  expensePhotos,
  approveExpense,
  rejectExpense,
  markPaid,
  refundDonation,
  ledger,
  verifyLedger,
  exportLedger,
};
