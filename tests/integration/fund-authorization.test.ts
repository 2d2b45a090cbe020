/**
 * The fund's authorization matrix: every action × every kind of caller, through the gateway,
 * written out here and checked against the policy table, so the two never drift apart.
 * Refusals must change nothing.
 */
import { decide, POLICY, type ActionKey } from '../../core/permissions';
import type { Role } from '../../typings/api';
import { simulatedNotice } from '../../local/payment';
import { startStack, type Stack } from '../../local/stack';
import { postFn } from '../support/gateway';
import { fundWorld, inDays, key, ok, snapshot, type World } from './fund-support';

type Who = 'none' | 'unbound' | 'resident' | 'lead' | 'committee' | 'staff' | 'otherCommittee';
type Outcome = 'allowed' | 'NOT_SIGNED_IN' | 'NOT_MEMBER' | 'FORBIDDEN';
const WHO: Who[] = ['none', 'unbound', 'resident', 'lead', 'committee', 'staff', 'otherCommittee'];

const MEMBERS: Outcome[] = [
  'NOT_SIGNED_IN',
  'NOT_MEMBER',
  'allowed',
  'allowed',
  'allowed',
  'allowed',
  'NOT_MEMBER',
];
const COMMITTEE: Outcome[] = [
  'NOT_SIGNED_IN',
  'NOT_MEMBER',
  'FORBIDDEN',
  'FORBIDDEN',
  'allowed',
  'FORBIDDEN',
  'NOT_MEMBER',
];
const ORGANISERS: Outcome[] = [
  'NOT_SIGNED_IN',
  'NOT_MEMBER',
  'FORBIDDEN',
  'FORBIDDEN',
  'allowed',
  'allowed',
  'NOT_MEMBER',
];

// prettier-ignore
const EXPECTED: Record<string, Outcome[]> = {
  'fund.createFund': ORGANISERS,
  'fund.fund': MEMBERS,
  'fund.createCampaign': ORGANISERS,
  'fund.closeCampaign': ORGANISERS,
  'fund.campaign': MEMBERS,
  'fund.donate': MEMBERS,
  'fund.simulatePayment': MEMBERS,
  'fund.myDonations': MEMBERS,
  'fund.recordOffline': COMMITTEE,
  'fund.offlineRecords': COMMITTEE,
  'fund.confirmOffline': COMMITTEE,
  'fund.rejectOffline': COMMITTEE,
  'fund.submitExpense': COMMITTEE,
  'fund.expenses': MEMBERS,
  'fund.approveExpense': COMMITTEE,
  'fund.rejectExpense': COMMITTEE,
  'fund.markPaid': COMMITTEE,
  'fund.refundDonation': COMMITTEE,
  'fund.ledger': MEMBERS,
  'fund.verifyLedger': MEMBERS,
  'fund.exportLedger': MEMBERS,
};

const ROLES: Record<Who, Role[] | undefined> = {
  none: undefined,
  unbound: undefined,
  resident: ['resident'],
  lead: ['resident', 'lead'],
  committee: ['resident', 'committee'],
  staff: ['staff'],
  otherCommittee: undefined,
};

let stack: Stack;
let w: World;
const callers = {} as Record<Who, string | undefined>;

beforeAll(async () => {
  stack = await startStack();
  w = await fundWorld(stack, 'fund-authz', 30);
  await w.give(w.estate.residents[0], 5_000_000); // money for the expenses and refunds below
  const other = await fundWorld(stack, 'fund-authz-other', 10);
  Object.assign(callers, {
    none: undefined,
    unbound: 'newcomer',
    resident: w.resident,
    lead: w.lead,
    committee: w.c, // C never recorded or submitted anything below, so may review all of it
    staff: w.staff,
    otherCommittee: other.a,
  });
});
afterAll(() => stack.close());

/** A valid payload per action, on things that exist, so only the caller decides the outcome. */
async function payload(action: string): Promise<Record<string, unknown>> {
  const { fundId, campaignId } = w;
  const record = () =>
    w.as(w.a).call('fund', 'recordOffline', {
      campaignId,
      amountFen: 1_000,
      channel: 'cash',
      anonymous: true,
      photos: ['local://a.jpg'],
      idempotencyKey: key(),
    });
  const expense = () =>
    w.as(w.a).call('fund', 'submitExpense', {
      fundId,
      amountFen: 100,
      payee: '五金店',
      purpose: '手套',
      receipts: ['local://r.jpg'],
      idempotencyKey: key(),
    });
  switch (action) {
    case 'fund.createFund':
      return { estateId: w.estate.estateId, name: '第二基金' };
    case 'fund.fund':
      return { fundId };
    case 'fund.createCampaign':
      return {
        fundId,
        title: '授权测试',
        purpose: '测试',
        goalFen: 10_000,
        deadline: inDays(10),
      };
    case 'fund.closeCampaign':
      return {
        campaignId: ok(
          await w.as(w.a).call('fund', 'createCampaign', {
            fundId,
            title: '待结束',
            purpose: '测试',
            goalFen: 10_000,
            deadline: inDays(10),
          }),
        ).id,
      };
    case 'fund.campaign':
      return { campaignId };
    case 'fund.donate':
      return { campaignId, amountFen: 1_000, anonymous: false, idempotencyKey: key() };
    case 'fund.simulatePayment': {
      // The resident's order: theirs to pay; any other member is told it does not exist.
      const order = await w.as(w.resident).call('fund', 'donate', {
        campaignId,
        amountFen: 100,
        anonymous: false,
        idempotencyKey: key(),
      });
      return { orderId: ok(order).orderId, outcome: 'failed' };
    }
    case 'fund.myDonations':
      return { estateId: w.estate.estateId };
    case 'fund.recordOffline':
      return {
        campaignId,
        amountFen: 1_000,
        channel: 'cash',
        anonymous: true,
        photos: ['local://a.jpg'],
        idempotencyKey: key(),
      };
    case 'fund.offlineRecords':
    case 'fund.expenses':
    case 'fund.ledger':
    case 'fund.verifyLedger':
    case 'fund.exportLedger':
      return { fundId };
    case 'fund.confirmOffline':
      return { donationId: ok(await record()).id };
    case 'fund.rejectOffline':
      return { donationId: ok(await record()).id, reason: '测试退回' };
    case 'fund.submitExpense':
      return {
        fundId,
        amountFen: 100,
        payee: '五金店',
        purpose: '手套',
        receipts: ['local://r.jpg'],
        idempotencyKey: key(),
      };
    case 'fund.approveExpense':
      return { expenseId: ok(await expense()).id };
    case 'fund.rejectExpense':
      return { expenseId: ok(await expense()).id, reason: '测试驳回' };
    case 'fund.markPaid': {
      const id = ok(await expense()).id;
      ok(await w.as(w.b).call('fund', 'approveExpense', { expenseId: id }));
      return { expenseId: id };
    }
    case 'fund.refundDonation':
      return { donationId: await w.give(w.estate.residents[2], 100), reason: '测试退款' };
    default:
      throw new Error(`no payload for ${action}`);
  }
}

it('lists every fund action but the provider callback', () => {
  const actions = (Object.keys(POLICY) as ActionKey[]).filter((a) => a.startsWith('fund.'));
  expect([...actions].sort()).toEqual([...Object.keys(EXPECTED), 'fund.payCallback'].sort());
});

it('agrees with the policy table', () => {
  for (const [action, outcomes] of Object.entries(EXPECTED)) {
    WHO.forEach((who, i) => {
      const verdict = decide(action as ActionKey, { openid: callers[who], roles: ROLES[who] });
      expect([action, who, verdict === true ? 'allowed' : verdict.code]).toEqual([
        action,
        who,
        outcomes[i],
      ]);
    });
  }
});

describe.each(Object.entries(EXPECTED))('%s', (action, outcomes) => {
  it.each(WHO.map((who, i) => [who, outcomes[i]] as const))('%s → %s', async (who, outcome) => {
    const event = { action: action.slice('fund.'.length), ...(await payload(action)) };
    const before = await snapshot(stack);
    const { result } = await postFn(stack.cloudbase.url, 'fund', event, { openid: callers[who] });
    if (outcome === 'allowed') {
      // Past the policy, simulatePayment still pays only one's own order.
      if (action === 'fund.simulatePayment' && who !== 'resident')
        expect(result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      else expect(result).toMatchObject({ ok: true });
    } else {
      expect(result).toMatchObject({ ok: false, code: outcome });
      expect(await snapshot(stack)).toBe(before);
    }
  });
});

it('refuses the provider callback to every person', async () => {
  const orderId = ok(
    await w.as(w.resident).call('fund', 'donate', {
      campaignId: w.campaignId,
      amountFen: 100,
      anonymous: false,
      idempotencyKey: key(),
    }),
  ).orderId;
  const before = await snapshot(stack);
  for (const who of WHO.filter((x) => callers[x])) {
    const { result } = await postFn(
      stack.cloudbase.url,
      'fund',
      { action: 'payCallback', ...simulatedNotice(orderId, 100) },
      { openid: callers[who] },
    );
    expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  }
  expect(await snapshot(stack)).toBe(before);
});
