import type { CategoryView } from '../../typings/proposal';

/**
 * What a proposal is about. The nine matters of Civil Code Art. 278 (业主共同决定事项), which
 * fix the majority a vote needs, plus ordinary community matters outside the article. The
 * hints are the help text of the create form.
 */
export const CATEGORIES = [
  {
    code: 'rules',
    n: 1,
    label: '制定和修改业主大会议事规则',
    hint: '业主大会怎样开会、怎样表决的规则。',
  },
  { code: 'statute', n: 2, label: '制定和修改管理规约', hint: '全体业主共同遵守的小区公约。' },
  {
    code: 'committee',
    n: 3,
    label: '选举业主委员会或者更换业主委员会成员',
    hint: '选举或更换业委会委员。',
  },
  {
    code: 'manager',
    n: 4,
    label: '选聘和解聘物业服务企业或者其他管理人',
    hint: '换物业、续签物业服务合同。',
  },
  {
    code: 'useFund',
    n: 5,
    label: '使用建筑物及其附属设施的维修资金',
    hint:
      '用专项维修资金维修、更新共用设施设备，例如更换老旧电梯、修缮外墙和屋面。更换电梯属于这一项（原有电梯换新，不是加装），' +
      '须经参与表决专有部分面积过半数且参与表决人数过半数的业主同意。',
  },
  {
    code: 'raiseFund',
    n: 6,
    label: '筹集建筑物及其附属设施的维修资金',
    hint: '续筹或补交维修资金。须经参与表决面积和人数各四分之三以上同意。',
  },
  {
    code: 'rebuild',
    n: 7,
    label: '改建、重建建筑物及其附属设施',
    hint: '例如加装电梯、改建大堂。须经参与表决面积和人数各四分之三以上同意。',
  },
  {
    code: 'commonUse',
    n: 8,
    label: '改变共有部分的用途或者利用共有部分从事经营活动',
    hint: '例如把绿地改作充电桩车棚、出租共有场地。须经参与表决面积和人数各四分之三以上同意。',
  },
  {
    code: 'majorOther',
    n: 9,
    label: '有关共有和共同管理权利的其他重大事项',
    hint: '其他涉及共有部分和共同管理的重大事项。',
  },
  {
    code: 'community',
    n: 0,
    label: '其他社区事务',
    hint: '不属于民法典第二百七十八条的事项，例如邻里活动、环境卫生倡议。',
  },
] as const;

export type CategoryCode = (typeof CATEGORIES)[number]['code'];
export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as unknown as readonly CategoryCode[];

/** Art. 278 ¶2: matters 6–8 need ≥ 3/4 of the participating area and heads; the others > 1/2. */
export function isSpecialMajority(code: CategoryCode): boolean {
  return code === 'raiseFund' || code === 'rebuild' || code === 'commonUse';
}

export function categoryOf(code: CategoryCode): CategoryView {
  const c = CATEGORIES.find((x) => x.code === code)!;
  return {
    code: c.code,
    label: c.label,
    hint: c.hint,
    article278: c.n > 0,
    matter: c.n,
    specialMajority: isSpecialMajority(c.code),
  };
}
