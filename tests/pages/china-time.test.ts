/**
 * Dates as residents read them, in China time, although the functions and these tests run in
 * UTC (`npm test` sets TZ=UTC, as in the cloud). A vote closing at 07:00 Beijing time is still
 * the day before in UTC: every page must show the Beijing date. The expected texts come from
 * Node's tz database (Intl, Asia/Shanghai), not from the code under test.
 */
import { openVoteOn, type Caller } from '../support/vote';
import { as, ok, ownEstate } from './proposal-fixture';
import { useBackend } from './support';
import { loadPage, setIdentity, waitFor } from './harness';

const DAY = 86_400_000;
const chair = 'page-china-time-chair';
const members = [chair, 'page-china-time-2', 'page-china-time-3', 'page-china-time-4'];
const caller: Caller = (openid) => (fn, action, req) => ok(as(openid!).call(fn, action, req));

/** "2026-12-07" three days from now, on Beijing's calendar. */
const beijingDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
  Date.now() + 3 * DAY,
);
const [year, month, day] = beijingDate.split('-').map(Number);
/** 07:00 that day in Beijing: 23:00 the day before in UTC. */
const closesAt = new Date(`${beijingDate}T07:00:00+08:00`);
const dayBefore = new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
const [, monthBefore, dayOfMonthBefore] = dayBefore.split('-').map(Number);

let estateId = '';
let voteId = '';
let proposalId = '';

beforeAll(async () => {
  ({ estateId } = await ownEstate({ name: '北京时间花园', units: 6, members, committee: [chair] }));
  ({ voteId, proposalId } = await openVoteOn(
    caller,
    { estateId, committee: [chair], units: members.map((openid) => ({ openid })) },
    { title: '清晨截止的表决', category: 'community', closesAt },
  ));
});

async function open(route: string, query: Record<string, string>) {
  setIdentity(members[1]);
  const page = loadPage(`pages/${route}/${route}`, { beforeLoad: useBackend() });
  await page.callOnLoad(query);
  await waitFor(() => page.comp.data.loading === false);
  expect(page.comp.data.error).toBeNull();
  return page;
}

describe('a vote closing at 07:00 Beijing time', () => {
  it('is in UTC still the day before (the case this file is about)', () => {
    expect(closesAt.toISOString().slice(0, 10)).toBe(dayBefore);
  });

  it('shows its Beijing closing date in the home feed', async () => {
    const home = await open('home', { estateId });
    const feed = home.text('.home');
    expect(feed).toContain(`表决中 · ${month}月${day}日截止`);
    expect(feed).not.toContain(`${monthBefore}月${dayOfMonthBefore}日截止`);
  });

  it('shows its Beijing closing date in the proposal list', async () => {
    const list = await open('proposals', { estateId });
    expect(list.text()).toContain(`表决中 · ${month}月${day}日截止`);
  });

  it('shows its Beijing closing time on the vote and proposal pages', async () => {
    const vote = await open('vote', { id: voteId });
    expect(vote.text('.head__times')).toContain(`至 ${beijingDate} 07:00`);
    const proposal = await open('proposal', { id: proposalId });
    expect(proposal.text('.vote__times')).toMatch(new RegExp(`至 ${beijingDate} 07:00$`));
  });
});
