import { afterSend, MAX_ATTEMPTS, retryDelayMs } from '../../core/notify/send';
import type { Delivery } from '../../core/ports/notify';
import {
  outcomeOf,
  thing,
  wechatRequest,
  wechatSubscribe,
  wechatTime,
} from '../../core/ports/wechat/subscribe';

const NOW = new Date('2026-11-21T04:00:00Z');

describe('after a send', () => {
  it('marks sent, retries outages with growing pauses, gives up on refusals and at the limit', () => {
    expect(afterSend({ ok: true }, 1, NOW)).toEqual({ status: 'sent', lastError: null });
    expect(afterSend({ ok: false, retry: true, reason: 'busy' }, 1, NOW)).toEqual({
      status: 'pending',
      dueAt: new Date(NOW.getTime() + 60_000),
      lastError: 'busy',
    });
    expect(retryDelayMs(3)).toBe(4 * 60_000);
    expect(afterSend({ ok: false, retry: true, reason: 'busy' }, MAX_ATTEMPTS, NOW)).toMatchObject({
      status: 'failed',
    });
    expect(afterSend({ ok: false, retry: false, reason: 'no consent' }, 1, NOW)).toMatchObject({
      status: 'failed',
      lastError: 'no consent',
    });
  });
});

describe('the WeChat adapter', () => {
  const delivery: Delivery = {
    id: 'm1',
    toOpenid: 'o_1',
    template: 'taskReminder',
    subject: '周末夜间巡逻（邻里安全志愿服务队第二小组）',
    time: new Date('2026-11-22T11:00:00Z'),
    place: '南门岗亭',
    note: '志愿任务一小时后开始，到场后请扫码签到',
    page: '/pages/volunteer-task/volunteer-task?id=vk_1',
  };
  const templates = { taskReminder: 'TPL1' };

  it("builds subscribeMessage.send within WeChat's value limits", () => {
    expect(wechatRequest(delivery, templates)).toEqual({
      touser: 'o_1',
      templateId: 'TPL1',
      page: 'pages/volunteer-task/volunteer-task?id=vk_1',
      data: {
        thing1: { value: '周末夜间巡逻（邻里安全志愿服务队第二小…' },
        time2: { value: '2026年11月22日 19:00' },
        thing3: { value: '南门岗亭' },
        thing4: { value: '志愿任务一小时后开始，到场后请扫码签到' },
      },
      miniprogramState: 'formal',
      lang: 'zh_CN',
    });
    expect([...thing('一二三四五六七八九十一二三四五六七八九十一')].length).toBe(20);
    expect(wechatTime(new Date('2026-12-31T16:05:00Z'))).toBe('2027年1月1日 00:05');
  });

  it('refuses to send a kind whose template is not set up, saying which setting', () => {
    expect(wechatRequest({ ...delivery, template: 'taskChanged' }, templates)).toMatch(
      /^志愿活动变更通知暂未开通：尚未设置订阅消息模板“活动变更通知”的模板 ID（WX_TEMPLATE_TASK_CHANGED）/,
    );
  });

  it('takes template ids from the settings, asks consent only for those set, reads errors', async () => {
    const sent: unknown[] = [];
    const port = wechatSubscribe(
      { WX_TEMPLATE_TASK_REMINDER: 'TPL1', WX_TEMPLATE_TASK_CHANGED: ' ' },
      async (req) => {
        sent.push(req);
        if (sent.length === 2) throw { errCode: 43101, errMsg: 'user refuse to accept the msg' };
        if (sent.length === 3) throw new Error('socket hang up');
      },
    );
    expect(port.consentIds(['taskReminder', 'waitlistPromoted', 'taskChanged'])).toEqual(['TPL1']);
    expect(await port.send(delivery)).toEqual({ ok: true });
    expect(await port.send(delivery)).toEqual({
      ok: false,
      retry: false,
      reason: '43101 user refuse to accept the msg',
    });
    expect(await port.send(delivery)).toMatchObject({ ok: false, retry: true });
    expect(await port.send({ ...delivery, template: 'waitlistPromoted' })).toMatchObject({
      ok: false,
      retry: false,
    });
    expect(sent).toHaveLength(3);
    expect(wechatSubscribe.settings).toEqual([
      'WX_TEMPLATE_TASK_REMINDER',
      'WX_TEMPLATE_WAITLIST_PROMOTED',
      'WX_TEMPLATE_TASK_CHANGED',
    ]);
  });

  it("reads WeChat's answer: consent and address problems are final, outages are retried", () => {
    expect(outcomeOf(0)).toEqual({ ok: true });
    expect(outcomeOf(undefined)).toEqual({ ok: true });
    expect(outcomeOf(43101, 'user refuse to accept the msg')).toEqual({
      ok: false,
      retry: false,
      reason: '43101 user refuse to accept the msg',
    });
    expect(outcomeOf(-1, 'system error')).toMatchObject({ ok: false, retry: true });
  });
});
