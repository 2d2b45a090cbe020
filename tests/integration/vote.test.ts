import { Collections, memberId } from '../../core/collections';
import { localFileId } from '../../local/storage';
import type { MemberDoc } from '../../core/community/model';
import {
  inBatches,
  rosterCsv,
  seedEstate,
  sizedEstate,
  type DemoEstate,
} from '../../local/seed/estate';
import { startStack, type Stack } from '../../local/stack';
import { client, postFn } from '../support/gateway';
import { openVoteOn } from '../support/vote';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const as = (openid?: string) => client(stack.cloudbase.url, openid);
function ok<T>(r: { result: { ok: boolean; data?: T; code?: string; message?: string } }): T {
  if (!r.result.ok) throw new Error(`${r.result.code}: ${r.result.message}`);
  return r.result.data as T;
}
const voters = (e: DemoEstate) => e.units.filter((u) => u.openid).map((u) => u.openid!);
const ballotDocs = async (voteId: string) =>
  (await stack.db.collection(Collections.ballots).where({ voteId }).count()).total;
const tick = () => postFn(stack.cloudbase.url, 'scheduler', { Type: 'Timer' });
async function expire(voteId: string) {
  await stack.db
    .collection(Collections.votes)
    .doc(voteId)
    .update({ closesAt: new Date(Date.now() - 1000) });
}

describe('majority mode (a community matter)', () => {
  let e: DemoEstate;
  let voteId: string;
  beforeAll(async () => {
    e = await seedEstate(stack.db, sizedEstate('vote-maj', 40));
    ({ voteId } = await openVoteOn(stack, e, {
      title: '后山公园开放时间调整',
      category: 'community',
    }));
  });

  it('freezes the electorate at opening: a later roster change does not move it', async () => {
    const before = ok(await as(e.committee[0]).call('vote', 'results', { voteId }));
    expect(before.eligible.households).toBe(40);
    expect(before.mode).toBe('majority');
    const csv =
      rosterCsv({ ...sizedEstate('vote-maj', 40) }).trimEnd() + '\r\n9栋,1单元101,99.00,\r\n';
    ok(await as(e.staff[0]).call('community', 'importRoster', { estateId: e.estateId, csv }));
    const after = ok(await as(e.committee[0]).call('vote', 'results', { voteId }));
    expect(after.eligible).toEqual(before.eligible);
  });

  it('one ballot per household: a receipt for the first, a clear refusal for the second and for the spouse', async () => {
    const [voter] = voters(e);
    const mine = ok(await as(voter).call('vote', 'cast', { voteId, option: 0 }));
    expect(mine.cast).toMatchObject({
      choice: '赞成',
      channel: 'online',
      receipt: expect.stringMatching(/^[A-Z2-9]{10}$/),
    });
    // The same answer again (a retry after a lost reply) is harmless.
    expect(ok(await as(voter).call('vote', 'cast', { voteId, option: 0 })).cast!.receipt).toBe(
      mine.cast!.receipt,
    );
    const change = await as(voter).call('vote', 'cast', { voteId, option: 1 });
    expect(change.result).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: '这户已经投过票了（每户一票）',
    });

    const member = (
      (await stack.db.collection(Collections.members).doc(memberId(e.estateId, voter)).get())
        .data as MemberDoc[]
    )[0];
    const { _id, ...rest } = member;
    await stack.db
      .collection(Collections.members)
      .doc(memberId(e.estateId, 'spouse'))
      .set({ ...rest, openid: 'spouse' });
    const spouse = await as('spouse').call('vote', 'cast', { voteId, option: 1 });
    expect(spouse.result).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(ok(await as('spouse').call('vote', 'myBallot', { voteId })).cast!.receipt).toBe(
      mine.cast!.receipt,
    );
    expect(await ballotDocs(voteId)).toBe(1);
  });

  it('a paper ballot and an online ballot can never both exist for one household', async () => {
    const household = e.units.find((u) => u.openid === voters(e)[1])!;
    const paper = ok(
      await as(e.committee[0]).call('vote', 'recordPaper', {
        voteId,
        unitId: household.unitId,
        option: 1,
        evidence: localFileId('paper/ballot-1.jpg'),
      }),
    );
    expect(paper.receipt).toMatch(/^[A-Z2-9]{10}$/);
    const online = await as(household.openid).call('vote', 'cast', { voteId, option: 0 });
    expect(online.result).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: '这户已有纸质选票（每户一票）',
    });
    const again = await as(e.committee[0]).call('vote', 'recordPaper', {
      voteId,
      unitId: e.units.find((u) => u.openid === voters(e)[0])!.unitId,
      option: 1,
      evidence: localFileId('paper/ballot-2.jpg'),
    });
    expect(again.result).toMatchObject({ ok: false, code: 'CONFLICT' });
    const resident = await as(voters(e)[5]).call('vote', 'recordPaper', {
      voteId,
      unitId: household.unitId,
      option: 1,
      evidence: localFileId('p/x.jpg'),
    });
    expect(resident.result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ballotDocs(voteId)).toBe(2);
  });

  it('refuses members without a household in scope and the office staff (not an owner)', async () => {
    const staff = await as(e.staff[0]).call('vote', 'cast', { voteId, option: 0 });
    expect(staff.result).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: expect.stringContaining('不在这次表决的范围内'),
    });
    const stranger = await as('stranger').call('vote', 'cast', { voteId, option: 0 });
    expect(stranger.result).toMatchObject({ ok: false, code: 'NOT_MEMBER' });
    const badOption = await as(voters(e)[6]).call('vote', 'cast', { voteId, option: 7 });
    expect(badOption.result).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'option' });
  });

  it('live results: both meters, per building, and what is still needed', async () => {
    const live = ok(await as(voters(e)[3]).call('vote', 'results', { voteId }));
    expect(live.final).toBe(false);
    expect(live.participated.households).toBe(2);
    expect(live.quorum).toMatchObject({
      met: false,
      households: { needed: 19 },
      summary: '还需 19 户参与',
    });
    expect(live.buildings).toHaveLength(1);
    expect(live.buildings[0].participated.households).toBe(2);
    expect(live.can.close).toMatchObject({ code: 'FORBIDDEN' }); // a resident
    expect((await as(e.committee[0]).call('vote', 'close', { voteId })).result).toMatchObject({
      ok: false,
      code: 'INVALID_STATE',
      message: '还有住户没有投票，不能提前结束',
    });
  });

  it('closes at its time by the scheduler, once, publishing room, area and choice per receipt, never names or openids', async () => {
    await inBatches(voters(e).slice(2, 30), 8, async (v) =>
      ok(await as(v).call('vote', 'cast', { voteId, option: 0 })),
    );
    await expire(voteId);
    const late = await as(voters(e)[31]).call('vote', 'cast', { voteId, option: 0 });
    expect(late.result).toEqual({ ok: false, code: 'INVALID_STATE', message: '表决已经截止' });
    await Promise.all([tick(), tick()]);
    const closes = await stack.db
      .collection(Collections.auditLog)
      .where({ target: voteId, action: 'vote.close' })
      .count();
    expect(closes.total).toBe(1);

    const final = ok(await as(voters(e)[0]).call('vote', 'results', { voteId }));
    expect(final).toMatchObject({
      final: true,
      status: 'closed',
      winner: 0,
      outcomeText: '表决通过',
    });
    expect(final.participated.households).toBe(30);
    expect(final.published!.rows).toHaveLength(30);
    // The published list: room, area, choice, receipt; nobody's name or openid.
    expect(Object.keys(final.published!.rows[0]).sort()).toEqual([
      'areaText',
      'channel',
      'choice',
      'receipt',
      'units',
    ]);
    expect(JSON.stringify(final)).not.toMatch(/demo-vote-maj|spouse|castBy|memberId/);
    const receipts = final.published!.rows.map((r) => r.receipt);
    expect([...receipts].sort()).toEqual(receipts);

    const mine = ok(await as(voters(e)[0]).call('vote', 'myBallot', { voteId })).cast!;
    const check = ok(
      await as(voters(e)[9]).call('vote', 'verifyReceipt', {
        voteId,
        receipt: mine.receipt.toLowerCase(),
      }),
    );
    expect(check).toMatchObject({
      found: true,
      ballot: { choice: '赞成', units: [expect.stringMatching(/^1栋/)] },
    });
    expect(
      ok(await as(voters(e)[9]).call('vote', 'verifyReceipt', { voteId, receipt: 'AAAAAAAAAA' }))
        .found,
    ).toBe(false);
    const proposal = ok(
      await as(voters(e)[0]).call('proposal', 'get', { proposalId: final.proposalId }),
    );
    expect(proposal.status).toBe('decided');
    expect(ok(await as(e.committee[0]).call('vote', 'recount', { voteId })).matches).toBe(true);
  });
});

describe('under contention', () => {
  it('200 households voting at the same moment: no failure, no lost or double count, tally == recount', async () => {
    const e = await seedEstate(stack.db, sizedEstate('vote-burst', 200));
    const { voteId } = await openVoteOn(stack, e, { category: 'community' });
    const all = voters(e);
    const answers = await Promise.all(
      all.map((v, i) => as(v).call('vote', 'cast', { voteId, option: i % 3 })),
    );
    expect(answers.filter((a) => !a.result.ok).map((a) => a.result)).toEqual([]);
    const live = ok(await as(all[0]).call('vote', 'results', { voteId }));
    expect(live.participated.households).toBe(200);
    expect(live.options.map((o) => o.support.households)).toEqual([67, 67, 66]);
    expect(await ballotDocs(voteId)).toBe(200);
    expect(ok(await as(e.committee[0]).call('vote', 'recount', { voteId }))).toEqual({
      matches: true,
      ballots: 200,
      differences: [],
    });
  });

  it('round trips of cast and results do not grow from 100 to 1,000 households', async () => {
    const measure = async (n: number) => {
      const e = await seedEstate(stack.db, sizedEstate(`vote-rt-${n}`, n));
      const { voteId } = await openVoteOn(stack, e, { category: 'community' });
      const c = await postFn(
        stack.cloudbase.url,
        'vote',
        { action: 'cast', voteId, option: 0 },
        { openid: voters(e)[n - 1] },
      );
      const r = await postFn(
        stack.cloudbase.url,
        'vote',
        { action: 'results', voteId },
        { openid: voters(e)[0] },
      );
      return { cast: c.dbCalls, results: r.dbCalls };
    };
    const small = await measure(100);
    const large = await measure(1000);
    console.log(
      `round trips: cast = ${small.cast} / ${large.cast}; results = ${small.results} / ${large.results} (100 / 1000 households)`,
    );
    expect(large).toEqual(small);
  }, 120_000);
});

describe('Civil Code mode (Art. 278)', () => {
  it('one ballot per owner: a multi-unit owner counts once by head and with all their area', async () => {
    const e = await seedEstate(stack.db, sizedEstate('vote-civil', 30));
    // In the generated roster the owner of unit 0 also owns unit 1 (every 25th pair).
    const { voteId } = await openVoteOn(stack, e, { category: 'useFund' });
    const live = ok(await as(e.committee[0]).call('vote', 'results', { voteId }));
    expect(live.mode).toBe('civilCode');
    expect(live.eligible).toMatchObject({ households: 30, heads: 28 });
    const [owner, partner] = [e.units[0], e.units[1]];
    const ballot = ok(await as(owner.openid).call('vote', 'cast', { voteId, option: 0 }));
    expect(ballot.units).toEqual([owner.label, partner.label]);
    // The other unit of the same owner is the same ballot.
    const second = await as(partner.openid).call('vote', 'cast', { voteId, option: 1 });
    expect(second.result).toMatchObject({ ok: false, code: 'CONFLICT' });
    const after = ok(await as(e.committee[0]).call('vote', 'results', { voteId }));
    expect(after.participated).toMatchObject({
      households: 2,
      heads: 1,
      areaCenti: owner.areaCenti + partner.areaCenti,
    });
    expect(after.quorum.summary).toMatch(/^面积还差 .* ㎡，人数还差 18 人$/);
  });
});

describe('refusals around the vote', () => {
  it('no ballot before the vote opens or on a vote that does not exist', async () => {
    const missing = await as('x').call('vote', 'cast', { voteId: 'v_nope', option: 0 });
    expect(missing.result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('only the committee opens a vote, and only once', async () => {
    const e = await seedEstate(stack.db, sizedEstate('vote-open', 20));
    const { proposalId } = await openVoteOn(stack, e, { category: 'community' });
    const again = await as(e.committee[0]).call('vote', 'open', { proposalId });
    expect(again.result).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    const resident = await as(voters(e)[5]).call('vote', 'open', { proposalId });
    expect(resident.result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('the committee roll of a building', () => {
  let e: DemoEstate;
  let voteId: string;
  let buildings: Array<{ buildingId: string; name: string }>;
  beforeAll(async () => {
    // 160 households: 1栋 and 2栋 have 72 each, 3栋 16.
    e = await seedEstate(stack.db, sizedEstate('vote-roll', 160));
    ({ voteId } = await openVoteOn(stack, e, { category: 'community' }));
    buildings = ok(await as(e.committee[0]).call('vote', 'results', { voteId })).buildings;
  });

  it('lists the households by room with whether each voted, never how; only to the committee', async () => {
    const [online, paper] = [e.units[0], e.units[3]];
    ok(await as(online.openid).call('vote', 'cast', { voteId, option: 1 }));
    ok(
      await as(e.committee[0]).call('vote', 'recordPaper', {
        voteId,
        unitId: paper.unitId,
        option: 2,
        evidence: localFileId('paper/roll.jpg'),
      }),
    );
    const answer = await as(e.committee[0]).call('vote', 'roll', {
      voteId,
      buildingId: buildings[0].buildingId,
    });
    const first = ok(answer);
    expect(first.name).toBe('1栋');
    expect(first.households).toHaveLength(72);
    expect(first.voted).toBe(2);
    expect(first.households.filter((h) => h.voted).map((h) => h.unitId)).toEqual(
      expect.arrayContaining([online.unitId, paper.unitId]),
    );
    expect(first.households.find((h) => h.unitId === online.unitId)).toEqual({
      unitId: online.unitId,
      units: [online.label],
      areaText: expect.stringMatching(/^\d+\.\d\d ㎡$/),
      voted: true,
    });
    // By room, as the roster is read: 1单元101 before 1单元102 before 1单元201.
    expect(first.households.slice(0, 3).map((h) => h.units[0])).toEqual([
      '1栋1单元101',
      '1栋1单元102',
      '1栋1单元201',
    ]);
    // Nothing about the choice travels: not the option, not its label.
    expect(JSON.stringify(answer.body)).not.toMatch(/option|choice|赞成|反对|弃权|receipt/);

    const third = ok(
      await as(e.committee[1]).call('vote', 'roll', {
        voteId,
        buildingId: buildings[2].buildingId,
      }),
    );
    expect(third).toMatchObject({ name: '3栋', voted: 0 });
    expect(third.households).toHaveLength(16);
  });

  it('costs four round trips whatever the size of the building or the estate', async () => {
    const calls = async (buildingId: string) =>
      (
        await postFn(
          stack.cloudbase.url,
          'vote',
          { action: 'roll', voteId, buildingId },
          { openid: e.committee[0] },
        )
      ).dbCalls;
    expect(await calls(buildings[0].buildingId)).toBe(4); // 72 households
    expect(await calls(buildings[2].buildingId)).toBe(4); // 16 households
  });

  it('refuses a resident and a building outside the vote', async () => {
    const resident = await as(voters(e)[10]).call('vote', 'roll', {
      voteId,
      buildingId: buildings[0].buildingId,
    });
    expect(resident.result).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '只有业委会成员可以查看各楼投票名单',
    });
    const elsewhere = await as(e.committee[0]).call('vote', 'roll', {
      voteId,
      buildingId: 'b_nowhere',
    });
    expect(elsewhere.result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});
