import { Collections, memberId } from '../../core/collections';
import type { MemberDoc } from '../../core/community/model';
import { seedEstate, sizedEstate, type DemoEstate } from '../../local/seed/estate';
import { inBatches } from '../../local/seed/estate';
import { startStack, type Stack } from '../../local/stack';
import type { ProposalView } from '../../typings/proposal';
import { client, postFn } from '../support/gateway';

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
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
const cosignDocs = async (proposalId: string) =>
  (await stack.db.collection(Collections.cosigns).where({ proposalId }).count()).total as number;

async function estateOf(id: string, units: number): Promise<DemoEstate> {
  return seedEstate(stack.db, sizedEstate(id, units));
}

/** Every household's openid, committee and leads included (all are residents too). */
const households = (e: DemoEstate) => e.units.filter((u) => u.openid).map((u) => u.openid!);

async function publishedProposal(
  e: DemoEstate,
  extra: Partial<{ scope: unknown; title: string }> = {},
): Promise<string> {
  const author = e.residents[0];
  const { id } = ok(
    await as(author).call('proposal', 'create', {
      estateId: e.estateId,
      title: extra.title ?? '电动车充电桩选址',
      body: '建议在地下车库入口旁的空地集中设置电动车充电桩，远离楼道，消除飞线充电隐患。',
      category: 'commonUse',
      scope: (extra.scope as never) ?? { kind: 'estate' },
    }),
  );
  ok(await as(author).call('proposal', 'publish', { proposalId: id, cosignDeadline: inAWeek() }));
  return id;
}

describe('the co-sign threshold is exactly ceil(10% × N)', () => {
  it.each([
    [9, 1],
    [10, 1],
    [11, 2],
    [100, 10],
    [101, 11],
    [7000, 700],
  ])(
    'N = %i: admitted at the %i-th household, not one before',
    async (n, needed) => {
      const e = await estateOf(`th-${n}`, n);
      const proposalId = await publishedProposal(e);
      const signers = households(e)
        .filter((o) => o !== e.residents[0])
        .slice(0, needed);
      await inBatches(signers.slice(0, needed - 1), 16, async (openid) => {
        ok(await as(openid).call('proposal', 'cosign', { proposalId }));
      });
      const before = ok(await as(e.residents[0]).call('proposal', 'get', { proposalId }));
      expect(before.status).toBe('cosigning');
      expect(before.progress).toMatchObject({
        cosigned: needed - 1,
        needed,
        remaining: 1,
        households: n,
        summary: '还需 1 户联署',
      });

      const last = ok(await as(signers[needed - 1]).call('proposal', 'cosign', { proposalId }));
      expect(last.status).toBe('admitted');
      expect(last.progress).toMatchObject({
        cosigned: needed,
        remaining: 0,
        summary: '已达到联署门槛',
      });
      expect(await cosignDocs(proposalId)).toBe(needed);
    },
    180_000,
  ); // N = 7000 makes 700 co-signs through the gateway: a budget, not a timing assertion
});

describe('co-signing', () => {
  let e: DemoEstate;
  beforeAll(async () => {
    e = await estateOf('cosign', 300);
  });

  it('100 households co-signing at once count exactly 100, equal to the co-sign documents', async () => {
    const proposalId = await publishedProposal(e, { title: '更换小区大门门禁系统' });
    const signers = households(e).slice(1, 101);
    const answers = await Promise.all(
      signers.map((openid) => as(openid).call('proposal', 'cosign', { proposalId })),
    );
    expect(answers.filter((a) => !a.result.ok)).toEqual([]);
    const view = ok(await as(e.residents[0]).call('proposal', 'get', { proposalId }));
    expect(view.progress!.cosigned).toBe(100);
    expect(await cosignDocs(proposalId)).toBe(100);
    // 10% of 300 = 30: admitted once, by exactly one of the co-signers.
    expect(view.status).toBe('admitted');
    const admissions = await stack.db
      .collection(Collections.auditLog)
      .where({ target: proposalId, action: 'proposal.admit' })
      .count();
    expect(admissions.total).toBe(1);
  });

  it('two members of one household co-signing at the same moment: one co-sign, one clear refusal', async () => {
    const proposalId = await publishedProposal(e, { title: '楼道加装照明感应灯' });
    const household = e.units.find((u) => u.openid === e.residents[5])!;
    // The spouse, bound to the same household.
    const spouse = 'spouse-of-' + household.openid;
    const me = (
      (
        await stack.db
          .collection(Collections.members)
          .doc(memberId(e.estateId, household.openid!))
          .get()
      ).data as MemberDoc[]
    )[0];
    const { _id, ...rest } = me;
    await stack.db
      .collection(Collections.members)
      .doc(memberId(e.estateId, spouse))
      .set({ ...rest, openid: spouse });

    const [a, b] = await Promise.all([
      as(household.openid).call('proposal', 'cosign', { proposalId }),
      as(spouse).call('proposal', 'cosign', { proposalId }),
    ]);
    const outcomes = [a.result, b.result].map((r) => (r.ok ? 'ok' : r.code)).sort();
    expect(outcomes).toEqual(['CONFLICT', 'ok']);
    const refused = [a.result, b.result].find((r) => !r.ok)!;
    expect(refused).toMatchObject({ message: '你家已经联署过了（每户一次）' });
    expect(await cosignDocs(proposalId)).toBe(1);
    // Both family members see the household's co-sign.
    const seenBySpouse = ok(await as(spouse).call('proposal', 'get', { proposalId }));
    expect(seenBySpouse.myCosign).toEqual({ unitId: household.unitId, label: household.label });
    expect(seenBySpouse.can.cosign).toMatchObject({ code: 'CONFLICT' });
  });

  it('withdraw and co-sign again: counted once at every moment', async () => {
    const proposalId = await publishedProposal(e, { title: '儿童游乐区加装遮阳棚' });
    const openid = e.residents[7];
    ok(await as(openid).call('proposal', 'cosign', { proposalId }));
    const withdrawn = ok(await as(openid).call('proposal', 'withdrawCosign', { proposalId }));
    expect(withdrawn.progress!.cosigned).toBe(0);
    expect(withdrawn.myCosign).toBeNull();
    const again = ok(await as(openid).call('proposal', 'cosign', { proposalId }));
    expect(again.progress!.cosigned).toBe(1);
    expect(await cosignDocs(proposalId)).toBe(1);
  });

  it('refuses a co-sign after the deadline, and the scheduler then expires the proposal', async () => {
    const proposalId = await publishedProposal(e, { title: '更换单元门禁' });
    await stack.db
      .collection(Collections.proposals)
      .doc(proposalId)
      .update({ cosignDeadline: new Date(Date.now() - 1000) });
    const late = await as(e.residents[9]).call('proposal', 'cosign', { proposalId });
    expect(late.result).toEqual({ ok: false, code: 'INVALID_STATE', message: '联署已截止' });
    expect(await cosignDocs(proposalId)).toBe(0);

    const runs = await Promise.all([
      postFn(stack.cloudbase.url, 'scheduler', { Type: 'Timer' }),
      postFn(stack.cloudbase.url, 'scheduler', { Type: 'Timer' }),
    ]);
    expect(runs.every((r) => (r.result as { ok: boolean }).ok)).toBe(true);
    const view = ok(await as(e.residents[0]).call('proposal', 'get', { proposalId }));
    expect(view.status).toBe('expired');
    const expiries = await stack.db
      .collection(Collections.auditLog)
      .where({ target: proposalId, action: 'proposal.expire' })
      .count();
    expect(expiries.total).toBe(1);
  });

  it('cost a fixed number of round trips whatever the number of households', async () => {
    const small = await estateOf('rt-small', 30);
    const large = await estateOf('rt-large', 2000);
    const measure = async (est: DemoEstate) => {
      const proposalId = await publishedProposal(est);
      const c = await postFn(
        stack.cloudbase.url,
        'proposal',
        { action: 'cosign', proposalId },
        { openid: est.residents[1] },
      );
      const g = await postFn(
        stack.cloudbase.url,
        'proposal',
        { action: 'get', proposalId },
        { openid: est.residents[1] },
      );
      return { cosign: c.dbCalls, get: g.dbCalls };
    };
    const a = await measure(small);
    const b = await measure(large);
    console.log(
      `round trips: cosign = ${a.cosign} (30 households) / ${b.cosign} (2000); get = ${a.get} / ${b.get}`,
    );
    expect(b).toEqual(a);
  });
});

describe('scope limited to some buildings', () => {
  it('counts only their households, and only they may co-sign', async () => {
    const e = await estateOf('scope', 144); // two buildings of 72
    const estate = ok(await as(e.residents[0]).call('community', 'home', { estateId: e.estateId }));
    expect(estate.estate.buildings).toBe(2);
    const units = (
      await stack.db.collection(Collections.units).where({ estateId: e.estateId }).limit(1000).get()
    ).data as Array<{ _id: string; buildingId: string }>;
    const building2 = units.find((u) => u._id === e.units[100].unitId)!.buildingId;
    const proposalId = await publishedProposal(e, {
      scope: { kind: 'buildings', buildingIds: [building2] },
    });
    const view = ok(await as(e.units[100].openid).call('proposal', 'get', { proposalId }));
    expect(view.progress).toMatchObject({ households: 72, needed: 8 });
    expect(view.scope).toMatchObject({ kind: 'buildings', label: '2栋' });

    const outsider = await as(e.units[10].openid).call('proposal', 'cosign', { proposalId });
    expect(outsider.result).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '你家不在这个议题的范围内',
    });
    ok(await as(e.units[100].openid).call('proposal', 'cosign', { proposalId }));
    expect(await cosignDocs(proposalId)).toBe(1);
  });
});

describe('committee admission', () => {
  let e: DemoEstate;
  beforeAll(async () => {
    e = await estateOf('committee', 20);
    await stack.db
      .collection(Collections.estates)
      .doc(e.estateId)
      .update({ settings: { cosignSharePercent: 10, autoAdmit: false, allowRevote: false } });
  });

  it('awaits the committee when the estate does not admit automatically; only the committee admits', async () => {
    const proposalId = await publishedProposal(e);
    const signers = households(e).slice(1, 3);
    for (const s of signers) ok(await as(s).call('proposal', 'cosign', { proposalId }));
    let view = ok(await as(e.residents[0]).call('proposal', 'get', { proposalId }));
    expect(view.status).toBe('qualified');
    expect((await as(e.residents[1]).call('proposal', 'admit', { proposalId })).result).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '只有业委会成员可以准入议题',
    });
    view = ok(await as(e.committee[0]).call('proposal', 'admit', { proposalId }));
    expect(view.status).toBe('admitted');
  });

  it('rejects only with a written public reason', async () => {
    const proposalId = await publishedProposal(e, { title: '在小区中庭开设收费停车位' });
    for (const s of households(e).slice(1, 3))
      ok(await as(s).call('proposal', 'cosign', { proposalId }));
    const bare = await as(e.committee[0]).call('proposal', 'reject', {
      proposalId,
      reason: '不行',
    });
    expect(bare.result).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'reason',
      message: '不予准入的理由至少 10 个字',
    });
    const reason = '中庭属于消防通道，依法不得占用设置停车位，建议另议地面车位方案。';
    const view = ok(await as(e.committee[0]).call('proposal', 'reject', { proposalId, reason }));
    expect(view).toMatchObject({ status: 'rejected', rejection: { reason } });
    // Every member sees the reason.
    expect(
      ok(await as(e.residents[4]).call('proposal', 'get', { proposalId })).rejection!.reason,
    ).toBe(reason);
  });
});

describe('drafts, hearings, scheduling', () => {
  it('a draft is private to its author, editable until published, then frozen', async () => {
    const e = await estateOf('drafts', 30);
    const author = e.residents[0];
    const { id } = ok(
      await as(author).call('proposal', 'create', {
        estateId: e.estateId,
        title: '更换6部电梯',
        body: '小区 6 部电梯已运行 15 年，故障频发，建议使用专项维修资金整体更换。',
        category: 'useFund',
        scope: { kind: 'estate' },
      }),
    );
    expect(
      (await as(e.residents[1]).call('proposal', 'get', { proposalId: id })).result,
    ).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const edited: ProposalView = ok(
      await as(author).call('proposal', 'update', {
        proposalId: id,
        options: ['同意更换', '不同意', '弃权'],
      }),
    );
    expect(edited.options).toEqual(['同意更换', '不同意', '弃权']);
    expect(edited.category).toMatchObject({ matter: 5, specialMajority: false });
    const dup = await as(author).call('proposal', 'update', {
      proposalId: id,
      options: ['同意', '同意'],
    });
    expect(dup.result).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '选项不能重复' });
    ok(await as(author).call('proposal', 'publish', { proposalId: id, cosignDeadline: inAWeek() }));
    const frozen = await as(author).call('proposal', 'update', {
      proposalId: id,
      title: '更换七部电梯',
    });
    expect(frozen.result).toMatchObject({ ok: false, code: 'INVALID_STATE' });

    // Hearings by the committee, then the vote is scheduled.
    for (const s of households(e).slice(1, 4))
      ok(await as(s).call('proposal', 'cosign', { proposalId: id }));
    const committee = as(e.committee[0]);
    ok(
      await committee.call('proposal', 'addHearing', {
        proposalId: id,
        date: new Date().toISOString(),
        summary: '第一次听证会：介绍更换方案与费用分摊',
      }),
    );
    const opensAt = new Date(Date.now() + 86_400_000).toISOString();
    const closesAt = new Date(Date.now() + 8 * 86_400_000).toISOString();
    const scheduled = ok(
      await committee.call('proposal', 'schedule', { proposalId: id, opensAt, closesAt }),
    );
    expect(scheduled).toMatchObject({
      status: 'scheduled',
      vote: { opensAt, closesAt },
      hearings: [{ summary: expect.stringContaining('第一次听证会') }],
    });
    const list = ok(
      await as(e.residents[5]).call('proposal', 'list', { estateId: e.estateId, status: 'open' }),
    );
    expect(list.items.map((i) => i.title)).toEqual(['更换6部电梯']);
  });

  it('refuses bad input and writes nothing', async () => {
    const e = await estateOf('bad-input', 10);
    const before = (await stack.db.collection(Collections.proposals).count()).total;
    const attempts = [
      { title: '短', body: '足够长的内容说明文字', category: 'useFund', scope: { kind: 'estate' } },
      {
        title: '合理的标题',
        body: '足够长的内容说明文字',
        category: 'moon',
        scope: { kind: 'estate' },
      },
      {
        title: '合理的标题',
        body: '足够长的内容说明文字',
        category: 'useFund',
        scope: { kind: 'buildings', buildingIds: ['b_nope'] },
      },
      {
        title: '合理的标题',
        body: '足够长的内容说明文字',
        category: 'useFund',
        scope: { kind: 'estate' },
        options: ['只有一个'],
      },
    ];
    for (const a of attempts) {
      const r = await postFn(
        stack.cloudbase.url,
        'proposal',
        { action: 'create', estateId: e.estateId, ...a },
        { openid: e.residents[0] },
      );
      expect(r.result).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    }
    expect((await stack.db.collection(Collections.proposals).count()).total).toBe(before);
  });
});
