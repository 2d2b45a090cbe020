/**
 * The deployer's settings on the local CloudBase: what fills `{{env.X}}` in cloudbaserc.json
 * here, as the deployer's shell fills it for `tcb fn deploy`. The values belong to the local
 * CloudBase's own stand-ins for the estate's WeChat accounts (its WeChat Pay merchant and its
 * subscription templates, local/wechat/), never to real ones.
 */
export const LOCAL_MERCHANT_ID = '1900000109';

/** The subscription templates the local mini-program account has chosen, as WeChat lists them. */
export const LOCAL_TEMPLATES: Record<string, { title: string; keywords: Record<string, string> }> =
  {
    'local-tpl-task-reminder': {
      title: '活动开始提醒',
      keywords: { thing1: '活动名称', time2: '活动时间', thing3: '活动地点', thing4: '温馨提示' },
    },
    'local-tpl-waitlist-promoted': {
      title: '候补成功通知',
      keywords: { thing1: '活动名称', time2: '活动时间', thing3: '活动地点', thing4: '备注' },
    },
    'local-tpl-task-changed': {
      title: '活动变更通知',
      keywords: { thing1: '活动名称', time2: '活动时间', thing3: '活动地点', thing4: '变更说明' },
    },
  };

export const LOCAL_SETTINGS: Record<string, string> = {
  ENV_ID: 'gongzhi-local',
  WXPAY_SUB_MCH_ID: LOCAL_MERCHANT_ID,
  WX_TEMPLATE_TASK_REMINDER: 'local-tpl-task-reminder',
  WX_TEMPLATE_WAITLIST_PROMOTED: 'local-tpl-waitlist-promoted',
  WX_TEMPLATE_TASK_CHANGED: 'local-tpl-task-changed',
};
