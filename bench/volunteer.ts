import type { Result } from '../typings/api';
import type { TaskView } from '../typings/volunteer';
import { seedEstate, sizedEstate } from '../local/seed/estate';
import { postFn } from '../tests/support/gateway';
import { benchStack, burst, round } from './lib';

export interface VolunteerFigures {
  members: number;
  places: number;
  concurrency: number;
  confirmed: number;
  waitlisted: number;
  /** Distinct waitlist positions among the answers (must equal `waitlisted`). */
  distinctPositions: number;
  errors: number;
  perSec: number;
  p50Ms: number;
  p95Ms: number;
  /** Mean database round trips of one signup in the burst (conditional-update misses included). */
  roundTripsPerSignup: number;
  /** Mean round trips of a cancellation that frees a place and promotes the first waitlisted. */
  roundTripsPerCancel: number;
  /** After the cancellations: still exactly `places` confirmed, each freed place promoted. */
  exactAfterCancels: boolean;
}

function data<T>(answer: { result: unknown }): T {
  const result = answer.result as Result<T>;
  if (!result?.ok) throw new Error(`refused: ${JSON.stringify(answer.result)}`);
  return result.data;
}

/**
 * A signup burst: every member of an estate taps "报名" on one task at once (a link shared in
 * the group chat), `concurrency` in flight, through the gateway. Then a quarter of the confirmed
 * volunteers cancel at once, each promoting the first on the waitlist.
 */
export async function volunteerBurst(
  members = 200,
  places = 20,
  concurrency = 64,
): Promise<VolunteerFigures> {
  const stack = await benchStack();
  try {
    const estate = await seedEstate(stack.db, sizedEstate('bench-volunteer', members));
    const url = stack.cloudbase.url;
    const call = <T>(openid: string, action: string, req: object) =>
      postFn(url, 'volunteer', { action, ...req }, { openid }).then((a) => ({
        data: data<T>(a),
        dbCalls: a.dbCalls,
      }));
    const chair = estate.committee[0];
    const team = await call<{ id: string }>(chair, 'createTeam', {
      estateId: estate.estateId,
      name: '邻里安全志愿服务队',
    });
    const start = Date.now() + 2 * 86_400_000;
    const task = await call<TaskView>(chair, 'createTask', {
      estateId: estate.estateId,
      teamId: team.data.id,
      title: '周末夜间巡逻',
      description: '两人一组巡查消防通道。',
      place: '南门岗亭',
      startAt: new Date(start).toISOString(),
      endAt: new Date(start + 2 * 3_600_000).toISOString(),
      signupDeadline: new Date(start - 3_600_000).toISOString(),
      places,
    });
    const taskId = task.data.id;
    const people = estate.units.flatMap((u) => (u.openid ? [u.openid] : [])).slice(0, members);

    const answers: TaskView[] = [];
    let signupCalls = 0;
    const signups = await burst(people.length, concurrency, async (i) => {
      const r = await call<TaskView>(people[i], 'signup', { taskId });
      answers[i] = r.data;
      signupCalls += r.dbCalls;
    });
    const answered = answers.filter(Boolean);
    const confirmed = people.filter((_, i) => answers[i]?.myStatus === 'confirmed');
    const positions = answered.flatMap((v) => (v.waitlistPosition ? [v.waitlistPosition] : []));

    const leavers = confirmed.slice(0, Math.floor(places / 4));
    let cancelCalls = 0;
    const cancels = await burst(leavers.length, concurrency, async (i) => {
      const r = await call<TaskView>(leavers[i], 'cancelSignup', { taskId });
      cancelCalls += r.dbCalls; // after the await: `x += await y` would read x too early
    });
    const after = (await call<TaskView>(people[0], 'get', { taskId })).data.places;

    return {
      members: people.length,
      places,
      concurrency,
      confirmed: confirmed.length,
      waitlisted: positions.length,
      distinctPositions: new Set(positions).size,
      errors: signups.errors + cancels.errors,
      perSec: signups.perSec,
      p50Ms: signups.p50Ms,
      p95Ms: signups.p95Ms,
      roundTripsPerSignup: round(signupCalls / Math.max(1, answered.length)),
      roundTripsPerCancel: round(cancelCalls / Math.max(1, leavers.length)),
      exactAfterCancels:
        after.confirmed === places && after.waitlisted === positions.length - leavers.length,
    };
  } finally {
    await stack.dispose();
  }
}
