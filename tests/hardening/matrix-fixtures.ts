/**
 * A valid payload for each action, on things that exist in the home estate, so that only the
 * caller decides the outcome of the authorization matrix. `prepare` runs once per action (the
 * world is reset before each), `payload` once per caller, just before the call.
 *
 * Objects a person owns (their draft, their order, their signup) belong to the caller when the
 * caller is a member, and to the resident otherwise — so "another household" meets the
 * resident's things, and `beyond` says what the rules answer then, past the policy table.
 * An action without a fixture still gets a payload, generated from its schema (authorization
 * .test.ts): that is how an action added to the table is covered before anyone writes one.
 */
import { Collections, memberId } from '../../core/collections';
import { localFileId } from '../../local/storage';
import type { ErrorCode } from '../../typings/api';
import { paidNotice, requestPayment } from '../support/gateway';
import { openVoteOn } from '../support/vote';
import {
  at,
  dateIn,
  freshKey,
  type Act,
  type EstateWorld,
  type Who,
  type World,
} from '../support/world';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface FixtureContext {
  w: World;
  h: EstateWorld;
  as: (openid?: string) => Act;
  /**
   * Whose things the caller acts on: their own if a member of the home estate; the resident's
   * for another household; a bystander's for callers the table refuses anyway.
   */
  owner: (who: Who) => string;
  /** The caller's openid (undefined: not signed in). */
  me: (who: Who) => string | undefined;
}

type Payload = Record<string, unknown>;

export interface Fixture<S = unknown> {
  prepare?: (f: FixtureContext) => Promise<S>;
  payload: (f: FixtureContext, who: Who, state: S) => Promise<Payload> | Payload;
  /** Callers the table lets through whom the action's own rules refuse, and with what code. */
  beyond?: Partial<Record<Who, ErrorCode>>;
}

const fixture = <S>(f: Fixture<S>): Fixture => f as Fixture;

/** The rules' answer to someone with no household (the office's staff member). */
const NO_HOUSEHOLD: Partial<Record<Who, ErrorCode>> = { staff: 'FORBIDDEN' };

async function draft(f: FixtureContext, author: string): Promise<string> {
  const { id } = await f.as(author)('proposal', 'create', {
    estateId: f.h.estate.estateId,
    title: '授权矩阵测试议题',
    body: '用于授权矩阵测试的议题内容，请勿联署。',
    category: 'community',
    scope: { kind: 'estate' },
  });
  return id;
}

async function published(f: FixtureContext, author: string): Promise<string> {
  const proposalId = await draft(f, author);
  await f.as(author)('proposal', 'publish', { proposalId, cosignDeadline: at(5 * DAY) });
  return proposalId;
}

/** A proposal moved to `status` directly: reaching it through co-signs is proposal.test.ts's job. */
async function inStatus(f: FixtureContext, status: string): Promise<string> {
  const proposalId = await published(f, f.h.b);
  await f.w.stack.db.collection(Collections.proposals).doc(proposalId).update({ status });
  return proposalId;
}

const task = (f: FixtureContext) =>
  f.as(f.h.lead)('volunteer', 'createTask', {
    estateId: f.h.estate.estateId,
    teamId: f.h.teamId,
    title: '授权测试任务',
    description: '集合后分组清理。',
    place: '南门',
    startAt: at(2 * DAY),
    endAt: at(2 * DAY + 2 * HOUR),
    signupDeadline: at(2 * DAY - HOUR),
    places: 20,
  });

const expense = async (f: FixtureContext) =>
  (
    await f.as(f.h.b)('fund', 'submitExpense', {
      fundId: f.h.fundId,
      amountFen: 100,
      payee: '五金店',
      purpose: '手套',
      receipts: [localFileId('r.jpg')],
      idempotencyKey: freshKey(),
    })
  ).id;

const offline = async (f: FixtureContext) =>
  (
    await f.as(f.h.b)('fund', 'recordOffline', {
      campaignId: f.h.campaignId,
      amountFen: 1_000,
      channel: 'cash',
      anonymous: true,
      photos: [localFileId('a.jpg')],
      idempotencyKey: freshKey(),
    })
  ).id;

const donation = (f: FixtureContext, donor: string) =>
  f.as(donor)('fund', 'donate', {
    campaignId: f.h.campaignId,
    amountFen: 100,
    anonymous: false,
    idempotencyKey: freshKey(),
  });

/** An order its donor paid on WeChat's sheet (WeChat then called the fund back). */
async function paidOrder(f: FixtureContext, donor: string): Promise<string> {
  const { orderId, payment } = await donation(f, donor);
  const paid = await requestPayment(f.w.stack.cloudbase.url, donor, payment);
  if (paid.status !== 200) throw new Error(paid.errMsg);
  return orderId;
}

const estate = (f: FixtureContext) => ({ estateId: f.h.estate.estateId });

let names = 0;

// Committee member A (`committee`) decides on what B recorded or submitted: one's own needs a second member.
export const FIXTURES: Record<string, Fixture> = {
  'community.home': { payload: estate },
  'community.me': { payload: () => ({}) },
  'community.createEstate': {
    payload: () => ({ name: `授权测试小区${++names}`, district: '海南洲社区' }),
  },
  'community.importRoster': {
    payload: (f) => ({ ...estate(f), csv: '楼栋,房号,面积\n9栋,1单元101,88.00\n' }),
  },
  'community.issueBindingCodes': { payload: estate },
  // A household's code per caller: binding is open to anyone signed in.
  'community.bind': { payload: (f, who) => ({ code: f.h.codes[WHO_INDEX[who]] }) },
  'community.setRole': {
    payload: (f) => ({
      ...estate(f),
      memberId: memberId(f.h.estate.estateId, f.h.estate.residents[3]),
      role: 'lead',
      grant: true,
    }),
  },
  'community.listMembers': { payload: estate },
  'community.leave': { payload: estate },

  'fund.createFund': { payload: (f) => ({ ...estate(f), name: '第二基金' }) },
  'fund.fund': { payload: (f) => ({ fundId: f.h.fundId }) },
  'fund.createCampaign': {
    payload: (f) => ({
      fundId: f.h.fundId,
      title: '授权测试',
      purpose: '测试',
      goalFen: 10_000,
      deadline: dateIn(10),
    }),
  },
  'fund.closeCampaign': {
    payload: async (f) => ({
      campaignId: (
        await f.as(f.h.a)('fund', 'createCampaign', {
          fundId: f.h.fundId,
          title: '待结束',
          purpose: '测试',
          goalFen: 10_000,
          deadline: dateIn(10),
        })
      ).id,
    }),
  },
  'fund.campaign': { payload: (f) => ({ campaignId: f.h.campaignId }) },
  'fund.donate': {
    payload: (f) => ({
      campaignId: f.h.campaignId,
      amountFen: 1_000,
      anonymous: false,
      idempotencyKey: freshKey(),
    }),
  },
  // The provider's callback: only the platform, which calls with no identity.
  'fund.payCallback': {
    payload: async (f) => paidNotice(await paidOrder(f, f.h.resident), 100),
  },
  'fund.myDonations': { payload: estate },
  'fund.recordOffline': {
    payload: (f) => ({
      campaignId: f.h.campaignId,
      amountFen: 1_000,
      channel: 'cash',
      anonymous: true,
      photos: [localFileId('a.jpg')],
      idempotencyKey: freshKey(),
    }),
  },
  'fund.offlineRecords': { payload: (f) => ({ fundId: f.h.fundId }) },
  'fund.offlinePhotos': { payload: async (f) => ({ donationId: await offline(f) }) },
  'fund.confirmOffline': { payload: async (f) => ({ donationId: await offline(f) }) },
  'fund.rejectOffline': {
    payload: async (f) => ({ donationId: await offline(f), reason: '测试退回' }),
  },
  'fund.submitExpense': {
    payload: (f) => ({
      fundId: f.h.fundId,
      amountFen: 100,
      payee: '五金店',
      purpose: '手套',
      receipts: [localFileId('r.jpg')],
      idempotencyKey: freshKey(),
    }),
  },
  'fund.expenses': { payload: (f) => ({ fundId: f.h.fundId }) },
  'fund.expensePhotos': { payload: async (f) => ({ expenseId: await expense(f) }) },
  'fund.approveExpense': { payload: async (f) => ({ expenseId: await expense(f) }) },
  'fund.rejectExpense': {
    payload: async (f) => ({ expenseId: await expense(f), reason: '测试驳回' }),
  },
  'fund.markPaid': {
    payload: async (f) => {
      const expenseId = await expense(f);
      await f.as(f.h.c)('fund', 'approveExpense', { expenseId });
      return { expenseId };
    },
  },
  'fund.refundDonation': {
    payload: async (f) => {
      const orderId = await paidOrder(f, f.h.estate.residents[2]);
      return { donationId: orderId, reason: '测试退款' };
    },
  },
  'fund.ledger': { payload: (f) => ({ fundId: f.h.fundId }) },
  'fund.verifyLedger': { payload: (f) => ({ fundId: f.h.fundId }) },
  'fund.exportLedger': { payload: (f) => ({ fundId: f.h.fundId }) },

  'proposal.meta': { payload: estate },
  'proposal.create': {
    payload: (f) => ({
      ...estate(f),
      title: '授权矩阵测试议题',
      body: '用于授权矩阵测试的议题内容。',
      category: 'community',
      scope: { kind: 'estate' },
    }),
  },
  // Drafts are private: someone else's does not exist for the caller.
  'proposal.update': {
    payload: async (f, who) => ({ proposalId: await draft(f, f.owner(who)), title: '改过的标题' }),
    beyond: { otherHousehold: 'NOT_FOUND' },
  },
  'proposal.publish': {
    payload: async (f, who) => ({
      proposalId: await draft(f, f.owner(who)),
      cosignDeadline: at(3 * DAY),
    }),
    beyond: { otherHousehold: 'NOT_FOUND' },
  },
  // The committee's member A writes it; every household co-signs it once.
  'proposal.cosign': fixture({
    prepare: (f) => published(f, f.h.b),
    payload: (_f, _who, proposalId) => ({ proposalId }),
    beyond: NO_HOUSEHOLD,
  }),
  'proposal.withdrawCosign': fixture({
    prepare: (f) => published(f, f.h.b),
    payload: async (f, who, proposalId: string) => {
      // Callers the table refuses cannot co-sign either: their attempt fails, as it should.
      await f
        .as(f.me(who))('proposal', 'cosign', { proposalId })
        .catch(() => null);
      return { proposalId };
    },
    beyond: { staff: 'INVALID_STATE' },
  }),
  'proposal.withdraw': {
    payload: async (f, who) => ({ proposalId: await published(f, f.owner(who)) }),
    beyond: { otherHousehold: 'FORBIDDEN' },
  },
  'proposal.get': { payload: (f) => ({ proposalId: f.h.proposals.cosigning }) },
  'proposal.photos': { payload: (f) => ({ proposalId: f.h.proposals.cosigning }) },
  'proposal.list': { payload: estate },
  'proposal.admit': fixture({
    prepare: (f) => inStatus(f, 'qualified'),
    payload: (_f, _who, proposalId) => ({ proposalId }),
  }),
  'proposal.reject': fixture({
    prepare: (f) => inStatus(f, 'qualified'),
    payload: (_f, _who, proposalId) => ({
      proposalId,
      reason: '与小区管理规约的规定不符，暂不准入。',
    }),
  }),
  'proposal.addHearing': {
    payload: (f) => ({
      proposalId: f.h.proposals.cosigning,
      date: at(-DAY),
      summary: '听证会讨论了充电桩的位置。',
    }),
  },
  'proposal.schedule': fixture({
    prepare: (f) => inStatus(f, 'admitted'),
    payload: (_f, _who, proposalId) => ({
      proposalId,
      opensAt: at(HOUR),
      closesAt: at(3 * DAY),
    }),
  }),
  'proposal.addMilestone': {
    payload: (f) => ({
      proposalId: f.h.proposals.decided,
      kind: 'tender',
      date: at(-DAY),
      summary: '完成邀标',
    }),
  },

  'vote.open': fixture({
    prepare: async (f) => {
      const proposalId = await inStatus(f, 'admitted');
      await f.as(f.h.a)('proposal', 'schedule', {
        proposalId,
        opensAt: at(1000),
        closesAt: at(2 * DAY),
      });
      return proposalId;
    },
    payload: (_f, _who, proposalId) => ({ proposalId }),
  }),
  // The resident voted 0 when the world was built: the same ballot again is answered, not doubled.
  'vote.cast': { payload: (f) => ({ voteId: f.h.voteId, option: 0 }), beyond: NO_HOUSEHOLD },
  'vote.recordPaper': {
    payload: (f) => ({
      voteId: f.h.voteId,
      unitId: f.h.estate.units.find((u) => !u.openid)!.unitId,
      option: 0,
      evidence: localFileId('paper/ballot.jpg'),
    }),
  },
  'vote.results': { payload: (f) => ({ voteId: f.h.voteId }) },
  'vote.myBallot': { payload: (f) => ({ voteId: f.h.voteId }), beyond: NO_HOUSEHOLD },
  'vote.verifyReceipt': {
    payload: (f) => ({ voteId: f.h.closedVoteId, receipt: f.h.receipt }),
  },
  // Closable once its time is up (the scheduler would close it within the minute).
  'vote.close': fixture({
    prepare: async (f) => {
      const { voteId } = await openVoteOn((openid) => f.as(openid), f.h.estate, {
        title: '授权测试表决',
      });
      await f.w.stack.db
        .collection(Collections.votes)
        .doc(voteId)
        .update({ closesAt: new Date(Date.now() - 1000) });
      return voteId;
    },
    payload: (_f, _who, voteId) => ({ voteId }),
  }),
  'vote.recount': { payload: (f) => ({ voteId: f.h.voteId }) },

  'volunteer.createTeam': { payload: (f) => ({ ...estate(f), name: `巡逻队${++names}` }) },
  'volunteer.createTask': {
    payload: (f) => ({
      ...estate(f),
      teamId: f.h.teamId,
      title: '授权测试任务',
      description: '集合后分组清理。',
      place: '南门',
      startAt: at(2 * DAY),
      endAt: at(2 * DAY + 2 * HOUR),
      signupDeadline: at(2 * DAY - HOUR),
      places: 5,
    }),
  },
  // Posted by the lead: the lead is its organiser (another lead would be refused by the rules).
  'volunteer.updateTask': {
    payload: (f, who) => ({ taskId: f.h.taskId, description: `集合后分组（${who}）` }),
  },
  'volunteer.cancelTask': {
    payload: async (f) => ({ taskId: (await task(f)).id, reason: '改期' }),
  },
  'volunteer.signup': fixture({
    prepare: async (f) => (await task(f)).id,
    payload: (_f, _who, taskId) => ({ taskId }),
  }),
  'volunteer.cancelSignup': fixture({
    prepare: async (f) => (await task(f)).id,
    payload: async (f, who, taskId: string) => {
      if (f.me(who))
        await f
          .as(f.me(who))('volunteer', 'signup', { taskId })
          .catch(() => null);
      return { taskId };
    },
  }),
  'volunteer.get': { payload: (f) => ({ taskId: f.h.taskId }) },
  'volunteer.list': { payload: estate },
  'volunteer.roster': { payload: (f) => ({ taskId: f.h.taskId }) },
  'volunteer.checkinCode': { payload: (f) => ({ taskId: f.h.liveTaskId }) },
  'volunteer.checkin': {
    payload: async (f, who) => {
      const taskId = f.h.liveTaskId;
      if (f.me(who))
        await f
          .as(f.me(who))('volunteer', 'signup', { taskId })
          .catch(() => null);
      const { code } = await f.as(f.h.lead)('volunteer', 'checkinCode', { taskId });
      return { taskId, code };
    },
  },
  'volunteer.checkout': {
    payload: async (f, who) => {
      const taskId = f.h.liveTaskId;
      const { code } = await f.as(f.h.lead)('volunteer', 'checkinCode', { taskId });
      const me = f.me(who);
      if (me) {
        await f
          .as(me)('volunteer', 'signup', { taskId })
          .catch(() => null);
        await f
          .as(me)('volunteer', 'checkin', { taskId, code })
          .catch(() => null);
      }
      return { taskId, code };
    },
  },
  'volunteer.confirmHours': {
    payload: (f) => ({
      taskId: f.h.liveTaskId,
      entries: [{ memberId: memberId(f.h.estate.estateId, f.h.resident), minutes: 30 }],
    }),
  },
  'volunteer.myHours': { payload: estate },
  'volunteer.teamHours': { payload: (f) => ({ ...estate(f), teamId: f.h.teamId }) },
  'volunteer.exportRecord': { payload: estate },

  'scheduler.tick': { payload: () => ({}) },
};

/** A caller's place in the cast, for fixtures that hand each one a different thing (a code). */
const WHO_INDEX: Record<Who, number> = {
  none: 0,
  unbound: 1,
  resident: 2,
  otherHousehold: 3,
  lead: 4,
  committee: 5,
  staff: 6,
  otherCommittee: 7,
};
