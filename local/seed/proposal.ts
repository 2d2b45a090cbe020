import { Collections } from '../../core/collections';
import type { Stack } from '../stack';
import type { DemoEstate } from './estate';
import { actAs } from './invoke';
import { fireTimer } from '../timers';

const DAY = 86_400_000;

/**
 * Proposals of 糖果悦园 in every state a resident meets before a vote, made through the
 * functions. Facts from the source articles: 美领居 replaced six 20-year-old elevators after
 * seven hearings (context/002); e-bike charging is a common fire-safety topic.
 */
export async function seedProposals(stack: Stack, demo: DemoEstate): Promise<void> {
  const now = Date.now();
  const estateId = demo.estateId;
  const residents = demo.units.filter((u) => u.openid).map((u) => u.openid!);
  const [chair] = demo.committee;
  const committee = actAs(stack.runner, chair);
  const inDays = (d: number) => new Date(now + d * DAY).toISOString();

  const draft = async (author: string, title: string, body: string, category: string) => {
    const call = actAs(stack.runner, author);
    const { id } = await call('proposal', 'create', {
      estateId,
      title,
      body,
      category: category as never,
      scope: { kind: 'estate' },
    });
    return { id, call };
  };
  const cosignBy = async (proposalId: string, signers: string[]) => {
    for (const s of signers) await actAs(stack.runner, s)('proposal', 'cosign', { proposalId });
  };

  // 联署中: the e-bike charging piles, a few households short.
  const charging = await draft(
    demo.residents[0],
    '电动车充电桩选址',
    '小区电动车越来越多，楼道飞线充电和电瓶上楼的火灾隐患很大。建议在 3 栋和 4 栋之间的架空层划出一块区域，集中安装带计时计费和自动断电的充电桩，并配灭火器。请大家联署，达到门槛后由业委会组织听证和表决。',
    'commonUse',
  );
  await charging.call('proposal', 'publish', {
    proposalId: charging.id,
    cosignDeadline: inDays(10),
  });
  await cosignBy(charging.id, residents.slice(1, 9));

  // 已准入: six elevators, two hearings logged, ready for the vote.
  const lifts = await draft(
    demo.residents[1],
    '更换6部电梯',
    '小区 6 部电梯已使用 20 多年，经常故障停运，维保单位评估已无维修价值，危及乘梯安全。建议使用专项维修资金整体更换 6 部电梯，由筹备小组组织邀标，费用按专有部分面积分摊。',
    'useFund',
  );
  await lifts.call('proposal', 'publish', { proposalId: lifts.id, cosignDeadline: inDays(14) });
  await cosignBy(lifts.id, residents.slice(10, 24));
  await committee('proposal', 'addHearing', {
    proposalId: lifts.id,
    date: new Date(now - 10 * DAY).toISOString(),
    summary:
      '第一次听证会：筹备小组通报 6 部电梯的故障记录与检测报告，讨论“部分更换还是全部更换”，多数业主主张全部更换。',
  });
  await committee('proposal', 'addHearing', {
    proposalId: lifts.id,
    date: new Date(now - 3 * DAY).toISOString(),
    summary:
      '第二次听证会：讨论品牌范围与招标方式（定向邀标或公开招标），确定由业主代表参与评标，费用从专项维修资金列支。',
  });

  // 已排期表决: reopening hours of the hillside park, a plain community matter.
  const park = await draft(
    demo.committee[1],
    '后山公园开放时间调整',
    '后山公园修复后重新开放。建议开放时间为每天 6:00 至 21:00，夜间关闭以免噪音影响临近住户，节假日延长至 22:00。',
    'community',
  );
  await park.call('proposal', 'publish', { proposalId: park.id, cosignDeadline: inDays(7) });
  await cosignBy(park.id, residents.slice(30, 44));
  await committee('proposal', 'schedule', {
    proposalId: park.id,
    opensAt: inDays(2),
    closesAt: inDays(9),
  });

  // 已排期表决 (stays scheduled: the vote seed opens the park vote above early).
  const cameras = await draft(
    demo.committee[2],
    '公共区域加装监控',
    '近期小区发生多起电动车电瓶被盗，建议在各单元门口、车棚和后山公园入口加装监控，由物业统一管理，录像保存 30 天。',
    'majorOther',
  );
  await cameras.call('proposal', 'publish', { proposalId: cameras.id, cosignDeadline: inDays(7) });
  await cosignBy(cameras.id, residents.slice(40, 54));
  await committee('proposal', 'schedule', {
    proposalId: cameras.id,
    opensAt: inDays(5),
    closesAt: inDays(12),
  });

  // 未予准入: reached the threshold, declined with a public reason.
  const parking = await draft(
    demo.residents[2],
    '在中庭开设收费停车位',
    '中庭空地较大，建议划出 10 个收费车位出租给业主，收入纳入公共收益，缓解停车难。',
    'commonUse',
  );
  await parking.call('proposal', 'publish', { proposalId: parking.id, cosignDeadline: inDays(7) });
  await cosignBy(parking.id, residents.slice(50, 64));
  await committee('proposal', 'reject', {
    proposalId: parking.id,
    reason: '中庭是消防车通道和登高场地，依法不得占用设置停车位。建议另行讨论地面临时车位方案。',
  });

  // 联署期满未达门槛: the deadline passed; the scheduler expires it.
  const lockers = await draft(
    demo.residents[3],
    '增设小区智能快递柜',
    '快递堆放在门岗，丢件和错拿时有发生。建议在南门增设一组智能快递柜，由快递公司出资安装。',
    'community',
  );
  await lockers.call('proposal', 'publish', { proposalId: lockers.id, cosignDeadline: inDays(1) });
  await cosignBy(lockers.id, residents.slice(70, 72));
  await stack.db
    .collection(Collections.proposals)
    .doc(lockers.id)
    .update({ cosignDeadline: new Date(now - DAY) });
  await fireTimer(stack.runner, 'scheduler');

  // 已撤回, and a 草稿.
  const paint = await draft(
    demo.residents[4],
    '外墙重新粉刷',
    '外墙多处空鼓脱落，建议整体重新粉刷并做防水处理。',
    'useFund',
  );
  await paint.call('proposal', 'publish', { proposalId: paint.id, cosignDeadline: inDays(7) });
  await paint.call('proposal', 'withdraw', { proposalId: paint.id });
  await draft(
    demo.residents[5],
    '架空层设置共享书架',
    '在 1 栋架空层设置共享书架，邻里之间交换闲置图书，由志愿者轮流整理。',
    'community',
  );
}
