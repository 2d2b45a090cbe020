/**
 * The volunteer pages through the whole path: page → services/cloud → gateway → volunteer
 * function → store, on the demo estate (its volunteer step: local/seed/volunteer.ts). Tasks a
 * test changes are its own, posted through the gateway; only the camera is stubbed.
 */
import type { TaskInput, TaskView } from '../../typings/volunteer';
import { client } from '../support/gateway';
import { demoEstate, useBackend } from './support';
import { answerModal, answerSubscribe, loadPage, setIdentity, waitFor, wxLog } from './harness';

const estate = demoEstate();
const gateway = () => process.env.GONGZHI_GATEWAY_URL as string;
const wx = (globalThis as unknown as { wx: Record<string, (...args: never[]) => unknown> }).wx;
const organiser = estate.leads[0];
// Volunteers from the middle of the residents: the demo step uses the last 14, others the first.
const [newcomerToTask, waiter, attendee, scanner] = estate.residents.slice(30, 34);
const crew = estate.residents.slice(-4); // last week's patrol: 120, 120, 90, 0 minutes

const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

async function ok<T>(p: Promise<{ result: { ok: boolean; data?: T; message?: string } }>) {
  const { result } = await p;
  if (!result.ok) throw new Error(result.message);
  return result.data as T;
}

async function teams() {
  const list = await ok(
    client(gateway(), organiser).call('volunteer', 'list', { estateId: estate.estateId }),
  );
  return list.teams;
}

/** A task of the safety team, posted by the demo's first building lead. */
async function postTask(over: Partial<TaskInput> = {}): Promise<TaskView> {
  const [safety] = await teams();
  return ok(
    client(gateway(), organiser).call('volunteer', 'createTask', {
      estateId: estate.estateId,
      teamId: safety.id,
      title: '页面测试巡逻',
      description: '两人一组巡查消防通道。',
      place: '南门岗亭',
      startAt: at(48 * HOUR),
      endAt: at(50 * HOUR),
      signupDeadline: at(47 * HOUR),
      places: 1,
      ...over,
    }),
  );
}

/** A task starting in 20 minutes: check-in is open. */
const startingSoon = () =>
  postTask({ startAt: at(HOUR / 3), endAt: at(2 * HOUR), signupDeadline: at(HOUR / 6), places: 3 });

async function openTask(id: string, mode: 'local' | 'cloud' = 'local') {
  const page = loadPage('pages/volunteer-task/volunteer-task', { beforeLoad: useBackend(mode) });
  await page.callOnLoad({ id });
  await waitFor(() => page.comp.data.loading === false);
  return page;
}

const taskOf = (page: { comp: { data: Record<string, unknown> } }) =>
  page.comp.data.task as TaskView;

afterEach(() => jest.restoreAllMocks());

describe('task list', () => {
  it.each(['local', 'cloud'] as const)(
    'shows upcoming tasks with places and teams, and opens one (%s mode)',
    async (mode) => {
      setIdentity(estate.residents[2]);
      const list = loadPage('pages/volunteer/volunteer', { beforeLoad: useBackend(mode) });
      await list.callOnLoad({});
      await waitFor(() => list.comp.data.loading === false);
      expect(list.comp.data.estateId).toBe(estate.estateId);
      const text = list.text();
      expect(text).toContain('周末夜间巡逻');
      expect(text).toContain('已满，候补 2 人');
      expect(text).toContain('楼道杂物清理日');
      expect(list.text('.vlist__teams')).toContain('邻里安全志愿服务队');
      expect(text).not.toContain('上周末夜间巡逻');

      await list.tap('.task');
      const first = (list.comp.data.rows as Array<{ id: string }>)[0];
      expect(wxLog.navigations).toEqual([
        { api: 'navigateTo', url: `/pages/volunteer-task/volunteer-task?id=${first.id}` },
      ]);
    },
  );

  it('shows past tasks on their tab', async () => {
    setIdentity(estate.residents[2]);
    const list = loadPage('pages/volunteer/volunteer', { beforeLoad: useBackend() });
    await list.callOnLoad({ estateId: estate.estateId });
    await waitFor(() => list.comp.data.loading === false);
    (list.page.onScope as (e: unknown) => Promise<void>).call(list.page, {
      currentTarget: { dataset: { id: 'past' } },
    });
    await waitFor(() => list.text().includes('上周末夜间巡逻'));
    expect(list.text()).toContain('已结束');
  });
});

describe('posting a task', () => {
  it('a lead posts one from the list and lands on it, ready to share', async () => {
    setIdentity(organiser);
    const list = loadPage('pages/volunteer/volunteer', { beforeLoad: useBackend() });
    await list.callOnLoad({});
    await waitFor(() => list.comp.data.loading === false);
    await list.tap('.vlist__post');
    expect(wxLog.navigations).toEqual([
      {
        api: 'navigateTo',
        url: `/pages/volunteer-edit/volunteer-edit?estateId=${estate.estateId}`,
      },
    ]);

    const edit = loadPage('pages/volunteer-edit/volunteer-edit', { beforeLoad: useBackend() });
    await edit.callOnLoad({ estateId: estate.estateId });
    await waitFor(() => edit.comp.data.loading === false);
    expect(edit.text('.vedit__team')).toContain('邻里安全志愿服务队');
    await edit.input('.vedit__title', '消防通道突击清理');
    await edit.input('.vedit__place', '3栋架空层');
    await edit.input('.vedit__places', '8');
    await edit.input('.vedit__description', '清理堆放在消防通道的杂物，物业提供推车。');
    await edit.tap('.vedit__submit');
    await waitFor(() => wxLog.navigations.length > 1);
    const url = wxLog.navigations[1].url!;
    expect(url).toMatch(/^\/pages\/volunteer-task\/volunteer-task\?id=vk_/);
    const task = await ok(
      client(gateway(), waiter).call('volunteer', 'get', { taskId: url.split('id=')[1] }),
    );
    expect(task).toMatchObject({
      title: '消防通道突击清理',
      place: '3栋架空层',
      places: expect.objectContaining({ places: 8, line: '还剩 8 个名额' }),
      timeText: expect.stringContaining('19:00–21:00'),
    });
  });

  it('shows a refusal beside the field, and a resident is told who may post', async () => {
    setIdentity(organiser);
    const edit = loadPage('pages/volunteer-edit/volunteer-edit', { beforeLoad: useBackend() });
    await edit.callOnLoad({ estateId: estate.estateId });
    await waitFor(() => edit.comp.data.loading === false);
    await edit.input('.vedit__title', '巡');
    await edit.tap('.vedit__submit');
    await waitFor(() => edit.comp.data.error);
    expect(edit.text('.vedit__title')).toContain('任务名称至少 2 个字');

    setIdentity(estate.residents[4]);
    const resident = loadPage('pages/volunteer-edit/volunteer-edit', { beforeLoad: useBackend() });
    await resident.callOnLoad({});
    await waitFor(() => resident.comp.data.loading === false);
    expect(resident.text('.vedit__refusal')).toContain(
      '只有楼长或业委会成员或社区工作人员可以发布志愿任务',
    );
  });
});

describe('task page', () => {
  it('signs up for the waitlist in one tap, after asking consent for the notices', async () => {
    const task = await postTask();
    await ok(
      client(gateway(), estate.residents[35]).call('volunteer', 'signup', { taskId: task.id }),
    );
    setIdentity(waiter);
    const page = await openTask(task.id);
    expect(page.text('.vtask__places')).toContain('已满，可候补');
    expect(page.text('.vtask__signup')).toBe('报名候补');

    await page.tap('.vtask__signup');
    await waitFor(() => taskOf(page).myStatus === 'waitlisted');
    expect(wxLog.subscriptions).toEqual([
      {
        tmplIds: [
          'local-tpl-task-reminder',
          'local-tpl-waitlist-promoted',
          'local-tpl-task-changed',
        ],
      },
    ]);
    expect(wxLog.toasts).toContainEqual(expect.objectContaining({ title: '已进入候补，第 1 位' }));
    expect(page.text('.vtask__my-line')).toContain('你是第 1 位候补');
    expect(page.text('.vtask__places')).toContain('已满，候补 1 人');

    answerModal({ confirm: true });
    await page.tap('.vtask__leave');
    await waitFor(() => taskOf(page).myStatus === 'none');
    expect(wxLog.toasts).toContainEqual(expect.objectContaining({ title: '已取消报名' }));
  });

  it('signs up even when the notices are declined (cloud mode)', async () => {
    const task = await postTask({ places: 2 });
    setIdentity(newcomerToTask);
    const page = await openTask(task.id, 'cloud');
    answerSubscribe('reject');
    await page.tap('.vtask__signup');
    await waitFor(() => taskOf(page).myStatus === 'confirmed');
    expect(wxLog.toasts).toContainEqual(expect.objectContaining({ title: '报名成功' }));
    expect(page.text('.vtask__places')).toContain('还剩 1 个名额');
  });

  it('shares a path that opens this task', async () => {
    const task = await postTask();
    setIdentity(estate.residents[36]);
    const page = await openTask(task.id);
    const share = (page.page.onShareAppMessage as () => { title: string; path: string })();
    expect(share).toEqual({
      title: expect.stringContaining('页面测试巡逻'),
      path: `/pages/volunteer-task/volunteer-task?id=${task.id}`,
    });
  });

  it('sends someone new to binding, and back to the task afterwards', async () => {
    const task = await postTask();
    setIdentity('page-volunteer-newcomer');
    const page = await openTask(task.id);
    expect(page.comp.data.error).toMatchObject({ code: 'NOT_MEMBER' });
    const back = `/pages/volunteer-task/volunteer-task?id=${task.id}`;
    expect(wxLog.navigations).toEqual([
      { api: 'redirectTo', url: `/pages/bind/bind?redirect=${encodeURIComponent(back)}` },
    ]);
    expect(page.text('.vtask__error')).toContain('绑定');
  });

  it('checks in with the typed code and out with the scanned one', async () => {
    const task = await startingSoon();
    await ok(client(gateway(), attendee).call('volunteer', 'signup', { taskId: task.id }));
    setIdentity(attendee);
    const page = await openTask(task.id);
    expect(taskOf(page).can.checkin).toBe(true);

    const code = async () =>
      (await ok(client(gateway(), organiser).call('volunteer', 'checkinCode', { taskId: task.id })))
        .code;
    const current = await code();
    answerModal({ confirm: true, content: current === '000000' ? '111111' : '000000' });
    await page.tap('.vtask__type');
    await waitFor(() => wxLog.toasts.length > 0);
    expect(wxLog.toasts[0].title).toBe('签到码不正确，请核对组织者出示的签到码');

    answerModal({ confirm: true, content: await code() });
    await page.tap('.vtask__type');
    await waitFor(() => taskOf(page).attendance.checkinAt !== null);
    expect(wxLog.toasts).toContainEqual(expect.objectContaining({ title: '签到成功' }));
    expect(page.text('.vtask__attendance')).toContain('已签到');

    const payload = (
      await ok(client(gateway(), organiser).call('volunteer', 'checkinCode', { taskId: task.id }))
    ).payload;
    jest.spyOn(wx, 'scanCode').mockImplementation(() => Promise.resolve({ result: payload }));
    await page.tap('.vtask__checkout');
    await waitFor(() => taskOf(page).attendance.checkoutAt !== null);
    // Before the start: nothing to credit yet.
    expect(wxLog.toasts).toContainEqual(
      expect.objectContaining({ title: '签退成功，计入 0 分钟' }),
    );
  });
});

describe('organiser view', () => {
  it('shows the check-in code large, the roster and the waitlist in order', async () => {
    const task = await startingSoon();
    for (const p of [attendee, scanner, estate.residents[37], estate.residents[38]])
      await ok(client(gateway(), p).call('volunteer', 'signup', { taskId: task.id }));
    setIdentity(organiser);
    const page = loadPage('pages/volunteer-organiser/volunteer-organiser', {
      beforeLoad: useBackend(),
    });
    await page.callOnLoad({ id: task.id });
    await waitFor(() => page.comp.data.roster && page.comp.data.code);
    expect(page.text('.vorg__digits')).toMatch(/^\d{6}$/);
    expect(page.comp.data.confirmed).toHaveLength(3);
    expect(page.text('.vorg__waiting')).toContain('第 1 位');
    expect(page.text('.vorg__confirm')).toContain('任务开始后才能确认时长');
  });

  it("confirms the hours of last week's patrol", async () => {
    const list = await ok(
      client(gateway(), organiser).call('volunteer', 'list', {
        estateId: estate.estateId,
        scope: 'past',
      }),
    );
    const past = list.items.find((t) => t.title === '上周末夜间巡逻')!;
    setIdentity(organiser);
    const page = loadPage('pages/volunteer-organiser/volunteer-organiser', {
      beforeLoad: useBackend(),
    });
    await page.callOnLoad({ id: past.id });
    await waitFor(() => page.comp.data.roster);
    expect(page.comp.data.codeNote).toContain('签到码在任务开始前');
    const rows = page.comp.data.confirmed as Array<{ memberId: string; input: string }>;
    expect(rows.map((r) => r.input)).toEqual(['120', '120', '90', '0']);

    // The third volunteer stayed longer than first recorded.
    (page.page.onMinutes as (e: unknown) => void).call(page.page, {
      currentTarget: { dataset: { id: rows[2].memberId } },
      detail: { value: '110' },
    });
    await page.tap('.vorg__save');
    await waitFor(() => wxLog.toasts.length > 0);
    expect(wxLog.toasts[0].title).toBe('已确认 4 人的时长');
    expect((page.comp.data.roster as { totalMinutes: number }).totalMinutes).toBe(350);
  });

  it('is refused to a resident', async () => {
    const task = await postTask();
    setIdentity(estate.residents[3]);
    const page = loadPage('pages/volunteer-organiser/volunteer-organiser', {
      beforeLoad: useBackend(),
    });
    await page.callOnLoad({ id: task.id });
    await waitFor(() => page.comp.data.loading === false);
    expect(page.comp.data.error).toMatchObject({ code: 'FORBIDDEN' });
    expect(page.text('.vorg__error')).toContain('只有');
  });
});

describe('my hours', () => {
  it('adds up my hours, shows the team board, and exports my record', async () => {
    setIdentity(crew[0]);
    const page = loadPage('pages/volunteer-hours/volunteer-hours', { beforeLoad: useBackend() });
    await page.callOnLoad({});
    await waitFor(() => page.comp.data.loading === false);
    expect(page.text('.vhours__total')).toContain('2 小时');
    expect(page.text('.vhours__record')).toContain('上周末夜间巡逻');
    expect(page.text('.vhours__board')).toContain('邻里安全志愿服务队');

    await page.input('.vhours__id', '11010519491231002x');
    await page.input('.vhours__name', '李志愿');
    const share = jest.spyOn(wx, 'shareFileMessage').mockImplementation(() => Promise.resolve());
    const write = jest.fn();
    jest
      .spyOn(wx, 'getFileSystemManager')
      .mockImplementation(() => ({ writeFileSync: write }) as never);
    await page.tap('.vhours__do-export');
    await waitFor(() => wxLog.toasts.length > 0);
    expect(wxLog.toasts[0].title).toBe('已生成服务记录');
    const [path, csv] = write.mock.calls[0] as [string, string];
    expect(path).toMatch(/志愿服务记录-李志愿-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv).toContain('1101**********002X');
    expect(csv).not.toContain('11010519491231002X');
    expect(share).toHaveBeenCalledWith(expect.objectContaining({ filePath: path }));
  });

  it('shows a wrong ID number beside the field', async () => {
    setIdentity(crew[1]);
    const page = loadPage('pages/volunteer-hours/volunteer-hours', { beforeLoad: useBackend() });
    await page.callOnLoad({ estateId: estate.estateId });
    await waitFor(() => page.comp.data.loading === false);
    await page.input('.vhours__id', '110105194912310021');
    await page.tap('.vhours__do-export');
    await waitFor(() => page.comp.data.exportError);
    expect(page.text('.vhours__id')).toContain('身份证号码不正确');
  });
});
