import { Collections, memberId } from '../../core/collections';
import { chinaDayStart } from '../../miniprogram/shared/china-time';
import type { Stack } from '../stack';
import type { DemoEstate } from './estate';
import { actAs } from './invoke';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `hour`:00 China time, `days` days from today (China calendar). */
function chinaAt(days: number, hour: number, now = Date.now()): Date {
  return new Date(chinaDayStart(now).getTime() + days * DAY + hour * HOUR);
}

const iso = (d: Date) => d.toISOString();

/**
 * Volunteers of 糖果悦园, made through the functions: three teams — the neighbourhood safety
 * patrol led by a retired soldier (context/000: "post a need in the group and it is staffed the
 * same day"), a cleaning team and an elder-care team — with upcoming tasks, one full with a
 * waitlist, and last week's patrol with confirmed hours. Only moving that patrol into the past
 * is a direct write: the functions refuse to post a task in the past.
 */
export async function seedVolunteers(stack: Stack, demo: DemoEstate): Promise<void> {
  const estateId = demo.estateId;
  const chair = actAs(stack.runner, demo.committee[0]);
  const lead = actAs(stack.runner, demo.leads[0]);
  // Volunteers from the end of the residents: other demo steps and tests use the first ones.
  const people = demo.residents.slice(-14);

  const safety = await chair('volunteer', 'createTeam', {
    estateId,
    name: '邻里安全志愿服务队',
    description:
      '由退役军人带队：夜间巡逻、消防通道检查、电动车安全宣传。群里发需求，当天就有人响应。',
  });
  const cleaning = await chair('volunteer', 'createTeam', {
    estateId,
    name: '环境清洁队',
    description: '楼道杂物清理、垃圾分类督导、中庭绿化养护。',
  });
  const care = await chair('volunteer', 'createTeam', {
    estateId,
    name: '长者关爱队',
    description: '探访独居长者，陪同就医，代买代办。',
  });

  const post = (teamId: string, task: Record<string, unknown>, days: number, hours: number[]) =>
    lead('volunteer', 'createTask', {
      estateId,
      teamId,
      title: task.title as string,
      description: task.description as string,
      place: task.place as string,
      places: task.places as number,
      startAt: iso(chinaAt(days, hours[0])),
      endAt: iso(chinaAt(days, hours[1])),
      signupDeadline: iso(chinaAt(days, hours[0] - 3)),
    });
  const signUp = async (taskId: string, who: string[]) => {
    for (const openid of who) await actAs(stack.runner, openid)('volunteer', 'signup', { taskId });
  };

  // Full, with two on the waitlist.
  const patrol = await post(
    safety.id,
    {
      title: '周末夜间巡逻',
      description:
        '两人一组巡查各楼栋消防通道、地下车库和电动车停放点，发现问题拍照发群并报物业。请穿红马甲，带手电。',
      place: '南门岗亭集合',
      places: 4,
    },
    2,
    [19, 21],
  );
  await signUp(patrol.id, people.slice(0, 6));

  const clean = await post(
    cleaning.id,
    {
      title: '楼道杂物清理日',
      description: '清理 1–4 栋楼道堆放的纸箱和旧家具，可回收的交给回收站。物业提供手套和推车。',
      place: '1栋架空层',
      places: 10,
    },
    3,
    [9, 11],
  );
  await signUp(clean.id, people.slice(6, 9));

  const visit = await post(
    care.id,
    {
      title: '探访独居长者',
      description: '两人一组上门探望 6 位独居长者，聊聊天，检查燃气和电器，记下需要帮忙的事。',
      place: '社区服务站',
      places: 6,
    },
    5,
    [14, 16],
  );
  await signUp(visit.id, people.slice(9, 10));

  // Last week's patrol: signed up while upcoming, then moved into the past, then its hours
  // confirmed by the organiser through the function.
  const past = await post(
    safety.id,
    {
      title: '上周末夜间巡逻',
      description: '巡查消防通道和电动车停放，劝导楼道充电。',
      place: '南门岗亭集合',
      places: 4,
    },
    1,
    [19, 21],
  );
  const crew = people.slice(10, 14);
  await signUp(past.id, crew);
  await stack.db
    .collection(Collections.volunteerTasks)
    .doc(past.id)
    .update({
      startAt: chinaAt(-6, 19),
      endAt: chinaAt(-6, 21),
      signupDeadline: chinaAt(-6, 16),
      status: 'ended',
      remindDayAt: null,
      remindHourAt: null,
    });
  await stack.db.collection(Collections.activities).doc(`task_${past.id}`).update({ open: false });
  await lead('volunteer', 'confirmHours', {
    taskId: past.id,
    entries: crew.map((openid, i) => ({
      memberId: memberId(estateId, openid),
      minutes: [120, 120, 90, 0][i],
    })),
  });
}
