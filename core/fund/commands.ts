import type { Commands } from '../runtime/handler';
import { campaignView, closeCampaign, createCampaign } from './campaigns';
import { donate, myDonations, payCallback, simulatePayment } from './donations';
import { approveExpense, expenses, markPaid, rejectExpense, submitExpense } from './expenses';
import { createFund, fund } from './funds';
import { exportLedger, ledger, verifyLedger } from './ledger-actions';
import { confirmOffline, offlineRecords, recordOffline, rejectOffline } from './offline';
import type { PaymentPort } from './payment';
import { refundDonation } from './refunds';

/**
 * The `fund` function's actions, given the payment adapter it runs with. `simulatePayment`
 * exists only with the simulated provider: in the cloud it answers UNKNOWN_ACTION.
 */
export function fundCommands(port: PaymentPort): Commands {
  return {
    createFund,
    fund,
    createCampaign,
    closeCampaign,
    campaign: campaignView(port),
    donate: donate(port),
    ...(port.provider === 'simulated' ? { simulatePayment } : {}),
    payCallback: payCallback(port),
    myDonations,
    recordOffline,
    offlineRecords,
    confirmOffline,
    rejectOffline,
    submitExpense,
    expenses,
    approveExpense,
    rejectExpense,
    markPaid,
    refundDonation: refundDonation(port),
    ledger,
    verifyLedger,
    exportLedger,
  };
}
