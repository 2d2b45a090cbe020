/**
 * Journey 4: a building lead shares a full volunteer task into the group chat; a neighbour who
 * has not joined yet opens the link, binds, and signs up with one tap onto the waitlist; as
 * volunteers cancel, the waitlist moves up in order until the neighbour is confirmed.
 */
import type { TaskView } from '../../typings/volunteer';
import { journey } from './support/journey';
import { demoEstate, gateway } from './support/session';

const estate = demoEstate();
const TITLE = '周末夜间巡逻';

async function patrolTaskId(): Promise<string> {
  const list = await gateway<{ items: Array<{ id: string; title: string }> }>(
    'volunteer',
    { action: 'list', estateId: estate.estateId },
    estate.residents[0],
  );
  const task = list.items.find((t) => t.title === TITLE);
  if (!task) throw new Error(`the demo estate has no upcoming task ${TITLE}`);
  return task.id;
}

const view = (taskId: string, openid: string) =>
  gateway<TaskView>('volunteer', { action: 'get', taskId }, openid);

/** Members confirmed on the task, as each of them sees it. */
async function confirmedVolunteers(taskId: string): Promise<string[]> {
  const found: string[] = [];
  for (const openid of [...estate.leads, ...estate.residents, ...estate.committee]) {
    if ((await view(taskId, openid)).myStatus === 'confirmed') found.push(openid);
  }
  return found;
}

describe('volunteering', () => {
  journey(
    'a volunteer opens a shared task link, binds, signs up, is waitlisted, and is promoted after cancellations',
    async (s) => {
      const taskId = await patrolTaskId();
      const household = [...estate.units].reverse().find((u) => !u.openid && u.code);
      if (!household?.code) throw new Error('the demo estate has no unbound household');
      const before = await view(taskId, estate.residents[0]);
      expect(before.places.left).toBe(0); // full, with a waitlist

      // The lead shares the task into the building's group chat.
      await s.as('lead');
      await s.open(`/pages/volunteer-task/volunteer-task?id=${taskId}`);
      await s.tapText('分享到群');
      const link = await s.shareLink();
      expect(link).toContain(`#/pages/volunteer-task/volunteer-task?id=${taskId}`);

      // A neighbour who has not joined opens it: bind first, then back to the task.
      await s.as('newcomer');
      const newcomer = await s.identity();
      await s.visit(new URL(link).hash.slice(1));
      await s.expectText('输入绑定码');
      await s.fill('8 位字母和数字', household.code);
      await s.tapText('绑定', { exact: true });
      await s.expectText(TITLE);
      await s.step('back on the task after binding');

      // One tap: the task is full, so the waitlist.
      await s.tapText('报名候补');
      // WeChat's consent dialog for the task's notices (WeChat records it: one message each).
      await s.expectText('订阅消息（预览）');
      await s.answerModal('允许');
      const position = before.places.waitlisted + 1;
      await s.expectText(`你是第 ${position} 位候补`);
      expect((await s.log()).some((e) => e.kind === 'subscribe')).toBe(true);
      await s.step('waitlisted');

      // Confirmed volunteers cancel one by one; each cancellation promotes the first in line.
      const leaving = (await confirmedVolunteers(taskId)).slice(0, position);
      for (const [i, openid] of leaving.entries()) {
        await s.as(openid);
        await s.open(`/pages/volunteer-task/volunteer-task?id=${taskId}`);
        await s.tapText('取消报名', { exact: true });
        await s.answerModal('取消报名');
        await s.expectText('报名候补'); // the place went to the waitlist, not back to the public
        const mine = await view(taskId, newcomer);
        expect(mine.myStatus).toBe(i + 1 < position ? 'waitlisted' : 'confirmed');
      }

      await s.as(newcomer);
      await s.open(`/pages/volunteer-task/volunteer-task?id=${taskId}`);
      await s.expectText('你已报名，届时请准时到场签到');
      await s.step('promoted');
      const after = await view(taskId, newcomer);
      expect(after.places.confirmed).toBe(after.places.places); // never more than the places
      expect(after.places.waitlisted).toBe(before.places.waitlisted + 1 - position);
    },
    150_000,
  );
});
