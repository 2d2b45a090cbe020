import { AppError } from '../errors';

/**
 * The deployer's settings: values that belong to one estate's WeChat accounts, never to the
 * source. Each is an environment variable of the functions that need it, declared in
 * cloudbaserc.json as `"X": "{{env.X}}"` (filled from the deployer's shell at `tcb fn deploy`,
 * or set later in the CloudBase console). `npm run provision -- --check` lists the missing ones.
 */
export const SETTINGS = {
  WXPAY_SUB_MCH_ID: {
    what: '微信支付子商户号',
    feature: '在线捐款',
    where: '在云开发控制台 → 设置 → 微信支付 绑定商户号后，把子商户号填入 fund 云函数的环境变量',
  },
  WX_TEMPLATE_TASK_REMINDER: {
    what: '订阅消息模板“活动开始提醒”的模板 ID',
    feature: '志愿活动开始提醒',
    where: '在小程序管理后台 → 订阅消息 → 选用模板后，填入 volunteer 和 scheduler 云函数的环境变量',
  },
  WX_TEMPLATE_WAITLIST_PROMOTED: {
    what: '订阅消息模板“候补成功通知”的模板 ID',
    feature: '志愿活动候补成功通知',
    where: '在小程序管理后台 → 订阅消息 → 选用模板后，填入 volunteer 和 scheduler 云函数的环境变量',
  },
  WX_TEMPLATE_TASK_CHANGED: {
    what: '订阅消息模板“活动变更通知”的模板 ID',
    feature: '志愿活动变更通知',
    where: '在小程序管理后台 → 订阅消息 → 选用模板后，填入 volunteer 和 scheduler 云函数的环境变量',
  },
} as const;

export type SettingName = keyof typeof SETTINGS;

/** A setting's value, or undefined when it is unset or blank. */
export function setting(env: NodeJS.ProcessEnv, name: SettingName): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** What the committee reads when a feature is refused for want of a setting. */
export function notSetUpMessage(names: readonly SettingName[]): string {
  const first = SETTINGS[names[0]];
  const what = names.map((n) => `${SETTINGS[n].what}（${n}）`).join('、');
  return `${first.feature}暂未开通：尚未设置${what}。请业委会联系管理员${first.where}。`;
}

export const notSetUp = (names: readonly SettingName[]): AppError =>
  new AppError('NOT_SET_UP', notSetUpMessage(names));
