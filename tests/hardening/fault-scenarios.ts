/**
 * The actions the fault suites break on purpose, each as a scenario: fresh attempts (a
 * household that has not voted yet, a new gift with its own idempotency key, …), what one
 * attempt leaves in the store when it completed exactly once, and the area's invariants. The
 * injected-fault suite (faults.test.ts) and the crash suite (crash.test.ts) drive the same
 * scenarios, through the gateway and through the function runner respectively.
 */
import { Collections, memberId } from '../../core/collections';
import { localFileId } from '../../local/storage';
import type { TaskDoc } from '../../core/volunteer/model';
import { requestId } from '../../core/fund/ids';
import type { Database } from '../../core/runtime/handler';
import type { FaultPlan } from '../../local/faults';
import type { DemoEstate } from '../../local/seed/estate';
import type { Result } from '../../typings/api';
import type { DonateData } from '../../typings/fund';
import { paidNotice, requestPayment } from '../support/gateway';
import { openVoteOn } from '../support/vote';
import { at, dateIn } from '../support/world';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Outcome {
  /** 200, or 500 when the function failed or timed out (the platform's answer). */
  status: number;
  result: unknown;
  /** The invocation's database round trips (0 when unknown). */
  dbCalls: number;
}

/** Where the scenarios run: a way to call a function as someone, and the store. */
export interface Env {
  call(openid: string | undefined, fn: string, event: object, fault?: FaultPlan): Promise<Outcome>;
  db: Database;
  estate: DemoEstate;
  /** The local CloudBase, whose WeChat Pay sheet pays orders. */
  url: string;
}

export interface Attempt {
  openid?: string;
  fn: string;
  event: object;
  /** What the store holds of this attempt, e.g. "ballots 1, audit 1". */
  effects(): Promise<string>;
  /** `effects()` when the attempt completed exactly once. */
  complete: string;
  /**
   * `effects()` when the retry completed all but what is left to `Scenario.later` by design
   * (a gift paid but waiting for the ledger while a failed appender's lease runs out).
   */
  deferred?: string;
  /** Whether an answer says the attempt succeeded (a callback's protocol differs). */
  succeeded(outcome: Outcome): boolean;
}

export interface Scenario {
  action: string;
  /** Attempt `i` (0, 1, …), with whatever it needs made first, without faults. */
  attempt(i: number): Promise<Attempt>;
  /** The area's invariants: the list of those that do not hold (empty: all hold). */
  invariants(): Promise<string[]>;
  /**
   * Time passing, as far as the scenario cares: work an invocation left to a lease or to the
   * scheduler is done (a crashed appender's lease runs out, the minute job runs).
   */
  later?(): Promise<void>;
}

/** Calls that must succeed while setting a scenario up. */
async function must<T>(
  env: Env,
  openid: string | undefined,
  fn: string,
  event: object,
): Promise<T> {
  const { status, result } = await env.call(openid, fn, event);
  const r = result as Result<T>;
  if (status !== 200 || !r?.ok)
    throw new Error(`${fn}.${JSON.stringify(event)}: ${JSON.stringify(result)}`);
  return r.data;
}

const ok = (o: Outcome) => o.status === 200 && (o.result as { ok?: boolean })?.ok === true;

const count = async (env: Env, collection: string, where: object) =>
  (await env.db.collection(collection).where(where).count()).total as number;

const audits = (env: Env, action: string, target: string, actor?: string) =>
  count(env, Collections.auditLog, { action, target, ...(actor ? { actor } : {}) });

/** Bound households in order, starting at `from`, skipping the committee (they act in setups). */
function people(estate: DemoEstate): string[] {
  const committee = new Set(estate.committee);
  return estate.units.flatMap((u) => (u.openid && !committee.has(u.openid) ? [u.openid] : []));
}

export async function voteCast(env: Env): Promise<Scenario> {
  const e = env.estate;
  const voters = people(e);
  const { voteId } = await openVoteOn(
    (openid) => (fn, action, req) => must(env, openid, fn, { ...(req as object), action }),
    e,
    { category: 'community', title: '故障注入测试表决' },
  );
  return {
    action: 'vote.cast',
    async attempt(i) {
      const openid = voters[i];
      const castBy = memberId(e.estateId, openid);
      return {
        openid,
        fn: 'vote',
        event: { action: 'cast', voteId, option: i % 2 },
        effects: async () => `ballots ${await count(env, Collections.ballots, { voteId, castBy })}`,
        complete: 'ballots 1',
        succeeded: ok,
      };
    },
    async invariants() {
      const recount = await must<{ matches: boolean; ballots: number; differences: unknown[] }>(
        env,
        e.committee[0],
        'vote',
        { action: 'recount', voteId },
      );
      const ballots = await count(env, Collections.ballots, { voteId });
      const out: string[] = [];
      if (!recount.matches) out.push(`tally ≠ recount: ${JSON.stringify(recount.differences)}`);
      if (recount.ballots !== ballots)
        out.push(`recount saw ${recount.ballots} of ${ballots} ballots`);
      return out;
    },
  };
}

/**
 * Each attempt co-signs its own proposal as the household that reaches the threshold, so every
 * fault meets the whole path: the co-sign, the count, the admission, the feed, the audit.
 */
export async function proposalCosign(env: Env): Promise<Scenario> {
  const e = env.estate;
  const crowd = people(e);
  const proposals: string[] = [];
  let next = 0;
  const someone = () => crowd[next++ % crowd.length];
  return {
    action: 'proposal.cosign',
    async attempt(i) {
      const author = crowd[(i * 7) % crowd.length];
      const { id: proposalId } = await must<{ id: string }>(env, author, 'proposal', {
        action: 'create',
        estateId: e.estateId,
        title: `故障注入测试议题 ${i}`,
        body: '用于故障注入测试的议题，每户联署一次。',
        category: 'community',
        scope: { kind: 'estate' },
      });
      const view = await must<{ progress: { needed: number } }>(env, author, 'proposal', {
        action: 'publish',
        proposalId,
        cosignDeadline: at(5 * DAY),
      });
      proposals.push(proposalId);
      const signers = new Set<string>();
      while (signers.size < view.progress.needed) signers.add(someone());
      const [openid, ...before] = [...signers];
      for (const s of before) await must(env, s, 'proposal', { action: 'cosign', proposalId });
      const mine = memberId(e.estateId, openid);
      return {
        openid,
        fn: 'proposal',
        event: { action: 'cosign', proposalId },
        effects: async () => {
          const { data } = await env.db.collection(Collections.proposals).doc(proposalId).get();
          const status = (data as Array<{ status: string }>)[0].status;
          const signs = await count(env, Collections.cosigns, { proposalId, memberId: mine });
          const audit = await audits(env, 'proposal.cosign', proposalId, openid);
          return `cosigns ${signs}, audit ${audit}, ${status}`;
        },
        complete: 'cosigns 1, audit 1, admitted',
        // A repeat finds the household counted: the answer says so, the page shows it.
        succeeded: (o) => ok(o) || (o.result as { code?: string })?.code === 'CONFLICT',
      };
    },
    async invariants() {
      const out: string[] = [];
      for (const proposalId of proposals) {
        const docs = await count(env, Collections.cosigns, { proposalId });
        const view = await must<{
          progress: { cosigned: number; remaining: number };
          status: string;
        }>(env, e.committee[0], 'proposal', { action: 'get', proposalId });
        // (An admission a failed attempt left undone is the retry's to do: see `complete`.)
        if (view.progress.cosigned !== docs)
          out.push(`${proposalId}: shows ${view.progress.cosigned} co-signs of ${docs} documents`);
      }
      return out;
    },
  };
}

export async function volunteerSignup(env: Env): Promise<Scenario> {
  const e = env.estate;
  const crowd = people(e);
  const lead = e.leads[0];
  const { id: teamId } = await must<{ id: string }>(env, e.committee[0], 'volunteer', {
    action: 'createTeam',
    estateId: e.estateId,
    name: '故障注入测试队',
  });
  const { id: taskId } = await must<{ id: string }>(env, lead, 'volunteer', {
    action: 'createTask',
    estateId: e.estateId,
    teamId,
    title: '故障注入测试任务',
    description: '集合后分组清理。',
    place: '南门',
    startAt: at(2 * DAY),
    endAt: at(2 * DAY + 2 * HOUR),
    signupDeadline: at(2 * DAY - HOUR),
    places: 4,
  });
  const task = async () =>
    ((await env.db.collection(Collections.volunteerTasks).doc(taskId).get()).data as TaskDoc[])[0];
  /**
   * Where each answer said the member stands. Nobody leaves in this scenario, so nobody moves:
   * a place stays a place, the n-th on the waitlist stays n-th (the waitlist's order is intact).
   */
  const told = new Map<string, { status: string; position: number | null }>();
  return {
    action: 'volunteer.signup',
    async attempt(i) {
      const openid = crowd[i];
      const mine = memberId(e.estateId, openid);
      return {
        openid,
        fn: 'volunteer',
        event: { action: 'signup', taskId },
        effects: async () => {
          const t = await task();
          const listed = [...t.confirmed, ...t.waitlist].filter((m) => m === mine).length;
          const records = await count(env, Collections.volunteerSignups, {
            taskId,
            memberId: mine,
            active: true,
          });
          return `listed ${listed}, record ${records}, audit ${await audits(env, 'volunteer.signup', taskId, openid)}`;
        },
        complete: 'listed 1, record 1, audit 1',
        succeeded(o) {
          if (!ok(o)) return false;
          const view = (o.result as { data: { myStatus: string; waitlistPosition: number | null } })
            .data;
          told.set(mine, { status: view.myStatus, position: view.waitlistPosition });
          return true;
        },
      };
    },
    async invariants() {
      const t = await task();
      const out: string[] = [];
      const listed = [...t.confirmed, ...t.waitlist];
      if (t.confirmed.length > t.places)
        out.push(`${t.confirmed.length} confirmed of ${t.places} places`);
      if (new Set(listed).size !== listed.length) out.push('someone is listed twice');
      if (t.waitlist.length > 0 && t.confirmed.length < t.places)
        out.push('a free place while someone waits');
      for (const [member, was] of told) {
        const now = t.confirmed.includes(member)
          ? { status: 'confirmed', position: null }
          : { status: 'waitlisted', position: t.waitlist.indexOf(member) + 1 };
        if (now.status !== was.status || now.position !== was.position)
          out.push(`${member} was told ${JSON.stringify(was)}, holds ${JSON.stringify(now)}`);
      }
      return out;
    },
  };
}

/** A fund with a campaign, and money in it (gifts paid with WeChat Pay). */
async function fundOf(env: Env) {
  const e = env.estate;
  const [a] = e.committee;
  const { fundId } = await must<{ fundId: string }>(env, a, 'fund', {
    action: 'createFund',
    estateId: e.estateId,
    name: '故障注入测试基金',
  });
  const { id: campaignId } = await must<{ id: string }>(env, a, 'fund', {
    action: 'createCampaign',
    fundId,
    title: '故障注入测试募捐',
    purpose: '测试',
    goalFen: 10_000_000,
    deadline: dateIn(30),
  });
  const ledger = async (where: object) => count(env, Collections.fundLedger, { fundId, ...where });
  const invariants = async () => {
    const check = await must<{
      ok: boolean;
      brokenAt?: unknown;
      campaigns: Array<{ id: string; raisedFen: number; ledgerFen: number; ok: boolean }>;
    }>(env, e.residents[0], 'fund', { action: 'verifyLedger', fundId });
    const out: string[] = [];
    if (!check.ok)
      out.push(`ledger does not verify: ${JSON.stringify(check.brokenAt ?? check.campaigns)}`);
    for (const c of check.campaigns.filter((x) => !x.ok))
      out.push(`campaign ${c.id}: total ${c.raisedFen} ≠ ledger ${c.ledgerFen}`);
    return out;
  };
  /** A crashed appender's lease ran out and the scheduler's minute job ran. */
  const later = async () => {
    await env.db
      .collection(Collections.funds)
      .doc(fundId)
      .update({ appendLease: new Date(0) });
    await must(env, undefined, 'scheduler', { Type: 'Timer' });
  };
  return { fundId, campaignId, ledger, invariants, later };
}

const order = (env: Env, campaignId: string, donor: string, amountFen: number, key: string) =>
  must<DonateData>(env, donor, 'fund', {
    action: 'donate',
    campaignId,
    amountFen,
    anonymous: false,
    idempotencyKey: key,
  });

/** An order its donor paid on WeChat's sheet, whose callback has not reached the fund yet. */
async function paidOrder(
  env: Env,
  campaignId: string,
  donor: string,
  amountFen: number,
  key: string,
) {
  const { orderId, payment } = await order(env, campaignId, donor, amountFen, key);
  const paid = await requestPayment(env.url, donor, payment, 'paid', false);
  if (paid.status !== 200) throw new Error(paid.errMsg);
  return paidNotice(orderId, amountFen);
}

export async function fundDonate(env: Env): Promise<Scenario> {
  const crowd = people(env.estate);
  const f = await fundOf(env);
  return {
    action: 'fund.donate',
    async attempt(i) {
      const openid = crowd[i];
      const idempotencyKey = `fault-donate-${i}`;
      const orderId = requestId('d', f.campaignId, openid, idempotencyKey);
      return {
        openid,
        fn: 'fund',
        event: {
          action: 'donate',
          campaignId: f.campaignId,
          amountFen: 1_000,
          anonymous: false,
          idempotencyKey,
        },
        effects: async () =>
          `orders ${await count(env, Collections.fundDonations, { donorOpenid: openid, campaignId: f.campaignId })}, audit ${await audits(env, 'fund.donate', orderId)}`,
        complete: 'orders 1, audit 1',
        succeeded: ok,
      };
    },
    invariants: f.invariants,
  };
}

/** WeChat Pay's callback for a paid order: the platform calls, no caller identity. */
export async function paymentConfirmation(env: Env): Promise<Scenario> {
  const crowd = people(env.estate);
  const f = await fundOf(env);
  return {
    action: 'fund.payCallback',
    async attempt(i) {
      const amountFen = 1_000 + i;
      const notice = await paidOrder(env, f.campaignId, crowd[i], amountFen, `fault-pay-${i}`);
      const orderId = notice.outTradeNo;
      return {
        fn: 'fund',
        event: notice,
        effects: async () => {
          const { data } = await env.db.collection(Collections.fundDonations).doc(orderId).get();
          const status = (data as Array<{ status: string }>)[0].status;
          return `${status}, ledger ${await f.ledger({ ref: orderId })}, audit ${await audits(env, 'fund.payCallback', orderId)}`;
        },
        complete: 'paid, ledger 1, audit 1',
        deferred: 'paid, ledger 0, audit 1',
        // The callback protocol: errcode 0 stops the provider resending.
        succeeded: (o) => o.status === 200 && (o.result as { errcode?: number })?.errcode === 0,
      };
    },
    invariants: f.invariants,
    later: f.later,
  };
}

export async function fundApproveExpense(env: Env): Promise<Scenario> {
  const [a, b] = env.estate.committee;
  const f = await fundOf(env);
  // Money to spend: gifts paid on WeChat's sheet, their callbacks then delivered.
  for (const [i, donor] of people(env.estate).slice(0, 5).entries()) {
    await env.call(
      undefined,
      'fund',
      await paidOrder(env, f.campaignId, donor, 100_000, `fault-seed-${i}`),
    );
  }
  return {
    action: 'fund.approveExpense',
    async attempt(i) {
      const { id: expenseId } = await must<{ id: string }>(env, b, 'fund', {
        action: 'submitExpense',
        fundId: f.fundId,
        amountFen: 100 + i,
        payee: '五金店',
        purpose: '故障注入测试支出',
        receipts: [localFileId('fault/receipt.jpg')],
        idempotencyKey: `fault-expense-${i}`,
      });
      return {
        openid: a,
        fn: 'fund',
        event: { action: 'approveExpense', expenseId },
        effects: async () => {
          const { data } = await env.db.collection(Collections.fundExpenses).doc(expenseId).get();
          const status = (data as Array<{ status: string }>)[0].status;
          return `${status}, ledger ${await f.ledger({ ref: expenseId })}, audit ${await audits(env, 'fund.approveExpense', expenseId)}`;
        },
        complete: 'approved, ledger 1, audit 1',
        succeeded: ok,
      };
    },
    invariants: f.invariants,
  };
}

export const SCENARIOS = [
  voteCast,
  proposalCosign,
  volunteerSignup,
  fundDonate,
  paymentConfirmation,
  fundApproveExpense,
];
