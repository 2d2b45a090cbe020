/**
 * The world the hardening suites (tests/hardening) run in: two estates, each with something of
 * every kind — a fund with named, anonymous and unpaid gifts, offline records and expenses in
 * each state, proposals from draft to an open vote, a volunteer task with a waitlist and one
 * under way — made through the functions as people would, plus the cast of callers every
 * action is tried as. Known names and phone numbers are planted where personal data lives, so
 * that the privacy scan (privacy.ts) can look for them in every answer.
 */
import { Collections, memberId } from '../../core/collections';
import type { EstateDoc } from '../../core/community/model';
import { seedEstate, sizedEstate, type DemoEstate } from '../../local/seed/estate';
import { startStack, type Stack } from '../../local/stack';
import { localFileId } from '../../local/storage';
import type { ActionName, FunctionName, ReqOf, ResOf, Role } from '../../typings/api';
import { client, requestPayment } from './gateway';
import type { Sentinel } from './privacy';
import { openVoteOn } from './vote';

/** Every kind of caller, from nobody to the committee of another estate. */
export const WHO = [
  'none',
  'unbound',
  'resident',
  'otherHousehold',
  'lead',
  'committee',
  'staff',
  'otherCommittee',
] as const;
export type Who = (typeof WHO)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const at = (msFromNow: number): string => new Date(Date.now() + msFromNow).toISOString();
/** A campaign deadline: a date (China time) `days` ahead. */
export const dateIn = (days: number): string =>
  new Date(Date.now() + days * DAY + 8 * HOUR).toISOString().slice(0, 10);

let keys = 0;
/** A fresh idempotency key. */
export const freshKey = (prefix = 'hz'): string =>
  `${prefix}-${Date.now().toString(36)}-${(++keys).toString(36).padStart(5, '0')}`;

/** Calls a function as someone and answers the data; a refusal throws (fixture setup must not fail). */
export type Act = <F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  req: ReqOf<F, A>,
) => Promise<ResOf<F, A>>;

export function actor(stack: Stack, openid?: string): Act {
  const api = client(stack.cloudbase.url, openid);
  return async (fn, action, req) => {
    const { result } = await api.call(fn, action, req);
    if (!result.ok)
      throw new Error(`${fn}.${action} as ${openid}: ${result.code} ${result.message}`);
    return result.data;
  };
}

/** What one estate holds, by kind. */
export interface EstateWorld {
  estate: DemoEstate;
  /** Committee members A, B, C (two-person rules need a second one), a lead, two residents. */
  a: string;
  b: string;
  c: string;
  lead: string;
  resident: string;
  neighbour: string;
  fundId: string;
  campaignId: string;
  /** Online orders: paid and named, paid and anonymous, never paid. */
  orders: { named: string; anonymous: string; unpaid: string };
  /** Offline records: confirmed (anonymous, a name typed in), waiting for a second member. */
  offline: { confirmed: string; recorded: string };
  expenses: { approved: string; submitted: string };
  proposals: { draft: string; cosigning: string; voting: string; decided: string };
  voteId: string;
  /** The decided proposal's vote, closed and published, and the resident's receipt in it. */
  closedVoteId: string;
  receipt: string;
  teamId: string;
  /** Upcoming, full, with a waitlist. */
  taskId: string;
  /** Under way: check-in is open. */
  liveTaskId: string;
  /** Binding codes of households nobody has bound yet. */
  codes: string[];
  buildingIds: string[];
}

export interface World {
  stack: Stack;
  home: EstateWorld;
  other: EstateWorld;
  openid: Record<Who, string | undefined>;
  sentinels: Sentinel[];
  /** Every signed-in caller's openid, for the scan: nobody's openid may reach anyone else. */
  people: string[];
  /** The store as built (`stack.cloudbase.db.dump()`), to go back to with `reset()`. */
  saved: string;
  reset(): Promise<void>;
  as(openid?: string): Act;
  /** Someone's roles in an estate as the store has them now (undefined: not a member). */
  rolesIn(openid: string, estateId: string): Role[] | undefined;
}

/** Personal data planted in one estate, and who may see each piece (privacy.ts). */
interface Plants {
  residentName: string;
  neighbourName: string;
  namedDonor: string;
  anonymousDonor: string;
  offlineAnonymous: string;
  payee: string;
}

const PLANTS: Record<'home' | 'other', Plants> = {
  home: {
    residentName: '欧阳秀英 13800138001',
    neighbourName: '皇甫嘉怡 13800138002',
    namedDonor: '司马光明',
    anonymousDonor: '慕容婉清',
    offlineAnonymous: '诸葛红梅',
    payee: '上官建材 13900139003',
  },
  other: {
    residentName: '独孤求败 13600136005',
    neighbourName: '西门吹雪 13600136006',
    namedDonor: '令狐冲冲',
    anonymousDonor: '任盈盈盈',
    offlineAnonymous: '岳灵珊珊',
    payee: '东方五金 13700137004',
  },
};

/** Each planted text as sentinels: the name and the phone number are looked for apart. */
function sentinelsOf(e: EstateWorld, p: Plants): Sentinel[] {
  const estateId = e.estate.estateId;
  const parts = (text: string) => text.split(' ');
  return [
    // A member's own name: shown to others masked at most (MemberDoc.displayName).
    ...parts(p.residentName).map((text) => ({
      text,
      estateId,
      owner: e.resident,
      seenBy: 'owner' as const,
      what: 'a resident’s name and phone',
    })),
    ...parts(p.neighbourName).map((text) => ({
      text,
      estateId,
      owner: e.neighbour,
      seenBy: 'owner' as const,
      what: 'a resident’s name and phone (an anonymous donor)',
    })),
    { text: p.namedDonor, estateId, owner: e.resident, seenBy: 'members', what: 'a named donor' },
    {
      text: p.anonymousDonor,
      estateId,
      owner: e.neighbour,
      seenBy: 'owner',
      what: 'the name an anonymous donor typed',
    },
    {
      text: p.offlineAnonymous,
      estateId,
      seenBy: 'owner',
      what: 'the name of an anonymous offline donor',
    },
    ...parts(p.payee).map((text) => ({
      text,
      estateId,
      seenBy: 'members' as const,
      what: 'an expense’s payee',
    })),
  ];
}

async function buildEstate(
  stack: Stack,
  id: string,
  units: number,
  plants: Plants,
): Promise<EstateWorld> {
  // Every fifth household has not joined yet, so there are binding codes to hand out.
  const estate = await seedEstate(stack.db, { ...sizedEstate(id, units), boundPercent: 80 });
  const [a, b, c] = estate.committee;
  const [resident, neighbour] = estate.residents;
  const lead = estate.leads[0];
  // Names people gave themselves (the demo's are room labels): the privacy scan's bait.
  for (const [openid, name] of [
    [resident, plants.residentName],
    [neighbour, plants.neighbourName],
  ]) {
    await stack.db
      .collection(Collections.members)
      .doc(memberId(estate.estateId, openid))
      .update({ displayName: name });
  }
  const as = (openid: string) => actor(stack, openid);
  const estateId = estate.estateId;

  const issued = await as(a)('community', 'issueBindingCodes', { estateId });
  const codes = issued.buildings.flatMap((g) => g.codes.map((row) => row.code));

  const { fundId } = await as(a)('fund', 'createFund', { estateId, name: '邻里互助基金' });
  const { id: campaignId } = await as(a)('fund', 'createCampaign', {
    fundId,
    title: '修缮儿童游乐场',
    purpose: '更换游乐场的破损地垫和滑梯扶手',
    goalFen: 2_000_000,
    deadline: dateIn(30),
  });
  const give = async (openid: string, amountFen: number, anonymous: boolean, name?: string) => {
    const { orderId, payment } = await as(openid)('fund', 'donate', {
      campaignId,
      amountFen,
      anonymous,
      ...(name ? { name } : {}),
      idempotencyKey: freshKey(),
    });
    const paid = await requestPayment(stack.cloudbase.url, openid, payment);
    if (paid.status !== 200) throw new Error(paid.errMsg);
    return orderId;
  };
  const named = await give(resident, 500_000, false, plants.namedDonor);
  // Anonymous twice: once with a name typed in, once under the member's own name.
  const anonymous = await give(neighbour, 300_000, true, plants.anonymousDonor);
  await give(neighbour, 20_000, true);
  const { orderId: unpaid } = await as(resident)('fund', 'donate', {
    campaignId,
    amountFen: 1_000,
    anonymous: false,
    idempotencyKey: freshKey(),
  });
  const record = (donorName?: string) =>
    as(a)('fund', 'recordOffline', {
      campaignId,
      amountFen: 66_600,
      channel: 'cash',
      anonymous: true,
      ...(donorName ? { donorName } : {}),
      photos: [localFileId('hz/cash.jpg')],
      idempotencyKey: freshKey(),
    });
  const confirmed = (await record(plants.offlineAnonymous)).id;
  await as(b)('fund', 'confirmOffline', { donationId: confirmed });
  const recorded = (await record()).id;
  const expense = (amountFen: number) =>
    as(a)('fund', 'submitExpense', {
      fundId,
      amountFen,
      payee: plants.payee,
      purpose: '游乐场地垫',
      receipts: [localFileId('hz/receipt.jpg')],
      campaignId,
      idempotencyKey: freshKey(),
    });
  const approved = (await expense(120_000)).id;
  await as(b)('fund', 'approveExpense', { expenseId: approved });
  const submitted = (await expense(30_000)).id;

  const { voteId, proposalId: voting } = await openVoteOn((openid) => as(openid!), estate, {
    title: '更换单元门禁',
  });
  await as(resident)('vote', 'cast', { voteId, option: 0 });
  const { voteId: closedVoteId, proposalId: decided } = await openVoteOn(
    (openid) => as(openid!),
    estate,
    { title: '调整垃圾分类投放时间' },
  );
  const ballot = await as(resident)('vote', 'cast', { voteId: closedVoteId, option: 0 });
  await as(neighbour)('vote', 'cast', { voteId: closedVoteId, option: 1 });
  // Its time is up: the scheduler's tick (the platform's timer, no caller) closes it.
  await stack.db
    .collection(Collections.votes)
    .doc(closedVoteId)
    .update({ closesAt: new Date(Date.now() - 1000) });
  await actor(stack)('scheduler', 'tick', {});
  const { id: cosigning } = await as(neighbour)('proposal', 'create', {
    estateId,
    title: '增设电动车充电桩',
    body: '楼道飞线充电隐患很大，建议在架空层集中安装充电桩。',
    category: 'commonUse',
    scope: { kind: 'estate' },
  });
  await as(neighbour)('proposal', 'publish', {
    proposalId: cosigning,
    cosignDeadline: at(10 * DAY),
  });
  await as(resident)('proposal', 'cosign', { proposalId: cosigning });
  const { id: draft } = await as(resident)('proposal', 'create', {
    estateId,
    title: '架空层设置共享书架',
    body: '在架空层设置共享书架，邻里之间交换闲置图书。',
    category: 'community',
    scope: { kind: 'estate' },
  });

  const { id: teamId } = await as(a)('volunteer', 'createTeam', { estateId, name: '环境清洁队' });
  const task = (startsIn: number, places: number) =>
    as(lead)('volunteer', 'createTask', {
      estateId,
      teamId,
      title: '楼道杂物清理',
      description: '清理楼道堆放的纸箱和旧家具。',
      place: '1栋架空层',
      startAt: at(startsIn),
      endAt: at(startsIn + 2 * HOUR),
      signupDeadline: at(startsIn - HOUR),
      places,
    });
  const { id: taskId } = await task(2 * DAY, 2);
  for (const openid of [resident, neighbour, estate.residents[2]])
    await as(openid)('volunteer', 'signup', { taskId });
  // Every member of the cast has a place, so each can check in and out.
  const { id: liveTaskId } = await task(2 * DAY, 6);
  for (const openid of [resident, neighbour, lead, a, estate.staff[0]])
    await as(openid)('volunteer', 'signup', { taskId: liveTaskId });
  // Started ten minutes ago: the functions refuse to post a task in the past, so it is moved.
  const start = Date.now() - 10 * 60_000;
  await stack.db
    .collection(Collections.volunteerTasks)
    .doc(liveTaskId)
    .update({
      startAt: new Date(start),
      endAt: new Date(start + 2 * HOUR),
      signupDeadline: new Date(start - HOUR),
    });
  // Hours on the books: the team's volunteers are listed in teamHours.
  await as(lead)('volunteer', 'confirmHours', {
    taskId: liveTaskId,
    entries: [resident, neighbour].map((o) => ({ memberId: memberId(estateId, o), minutes: 60 })),
  });

  const { data } = await stack.db.collection(Collections.estates).doc(estateId).get();
  const buildingIds = (data as EstateDoc[])[0].buildings.map((g) => g.id);

  return {
    estate,
    buildingIds,
    a,
    b,
    c,
    lead,
    resident,
    neighbour,
    fundId,
    campaignId,
    orders: { named, anonymous, unpaid },
    offline: { confirmed, recorded },
    expenses: { approved, submitted },
    proposals: { draft, cosigning, voting, decided },
    voteId,
    closedVoteId,
    receipt: ballot.cast!.receipt,
    teamId,
    taskId,
    liveTaskId,
    codes,
  };
}

/**
 * Real ids by the field name that carries them (`proposalId` → proposals, …), from the given
 * estates: the fuzz mixes both estates' ids; a payload meant to pass uses the home estate's.
 */
export function idPools(estates: EstateWorld[]): Record<string, string[]> {
  const all = (f: (e: EstateWorld) => string[]) => estates.flatMap(f);
  return {
    estateId: all((e) => [e.estate.estateId]),
    buildingId: all((e) => e.buildingIds),
    unitId: all((e) => e.estate.units.map((u) => u.unitId)),
    memberId: all((e) =>
      [e.resident, e.neighbour, e.lead, e.a].map((o) => memberId(e.estate.estateId, o)),
    ),
    proposalId: all((e) => Object.values(e.proposals)),
    voteId: all((e) => [e.voteId, e.closedVoteId]),
    receipt: all((e) => [e.receipt]),
    fundId: all((e) => [e.fundId]),
    campaignId: all((e) => [e.campaignId]),
    orderId: all((e) => Object.values(e.orders)),
    donationId: all((e) => [...Object.values(e.orders), ...Object.values(e.offline)]),
    expenseId: all((e) => Object.values(e.expenses)),
    teamId: all((e) => [e.teamId]),
    taskId: all((e) => [e.taskId, e.liveTaskId]),
    code: all((e) => e.codes.slice(0, 3)),
    // A few fixed keys, so repeated requests meet the orders they made before.
    idempotencyKey: ['fuzz-key-0001', 'fuzz-key-0002'],
  };
}

export async function buildWorld(): Promise<World> {
  const stack = await startStack();
  const home = await buildEstate(stack, 'hz-home', 40, PLANTS.home);
  const other = await buildEstate(stack, 'hz-other', 12, PLANTS.other);
  const unbound = 'hz-newcomer';
  const openid: Record<Who, string | undefined> = {
    none: undefined,
    unbound,
    resident: home.resident,
    otherHousehold: home.neighbour,
    lead: home.lead,
    committee: home.a,
    staff: home.estate.staff[0],
    otherCommittee: other.a,
  };
  const people = [home, other].flatMap((e) => [
    ...e.estate.units.flatMap((u) => (u.openid ? [u.openid] : [])),
    ...e.estate.staff,
  ]);
  const saved = stack.cloudbase.db.dump();
  return {
    stack,
    home,
    other,
    openid,
    sentinels: [...sentinelsOf(home, PLANTS.home), ...sentinelsOf(other, PLANTS.other)],
    people: [...people, unbound],
    saved,
    reset: () => stack.cloudbase.db.restore(saved),
    as: (who) => actor(stack, who),
    rolesIn: (who, estateId) =>
      (
        stack.cloudbase.db.get(Collections.members, memberId(estateId, who)) as {
          roles: Role[];
        } | null
      )?.roles,
  };
}
