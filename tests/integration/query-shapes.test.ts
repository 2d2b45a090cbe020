/**
 * The indexes in the provisioning plan are checked against the queries the functions really
 * make, not only against the declarations: the local CloudBase logs every query's shape while
 * the demo is seeded, the scheduler ticks and the main read actions run; each shape that is not
 * a lookup by _id must be served by a declared index (ESR: equality, sort, range).
 */
import { PLAN } from '../../core/provision/plan';
import { seedDemo } from '../../local/seed/demo';
import type { DemoEstate } from '../../local/seed/estate';
import { actAs } from '../../local/seed/invoke';
import {
  describeShape,
  isIdLookup,
  QueryShapeLog,
  serves,
  type QueryShape,
} from '../../local/query-shapes';
import { startStack, type Stack } from '../../local/stack';

let stack: Stack;
let demo: DemoEstate;
const log = new QueryShapeLog();

/** The main read actions, as the people who use them, on everything the demo holds. */
async function readEverything(): Promise<void> {
  const resident = actAs(stack.runner, demo.residents[0]);
  const committee = actAs(stack.runner, demo.committee[0]);
  const estateId = demo.estateId;

  await resident('community', 'home', {});
  await resident('community', 'me', {});
  await committee('community', 'listMembers', { estateId });
  await committee('community', 'listMembers', { estateId, page: 1 });

  const meta = await resident('proposal', 'meta', { estateId });
  const proposals = await resident('proposal', 'list', { estateId });
  await resident('proposal', 'list', { estateId, status: 'open' });
  await resident('proposal', 'list', { estateId, page: 1 });
  for (const p of proposals.items) await resident('proposal', 'get', { proposalId: p.id });

  for (const p of proposals.items.filter((i) => ['voting', 'decided'].includes(i.status))) {
    const voteId = `v_${p.id}`;
    const results = await resident('vote', 'results', { voteId });
    await resident('vote', 'myBallot', { voteId });
    await committee('vote', 'roll', { voteId, buildingId: meta.buildings[0].id });
    const receipt = results.published?.rows[0]?.receipt;
    if (receipt) {
      await resident('vote', 'results', { voteId, page: 1 });
      await resident('vote', 'verifyReceipt', { voteId, receipt });
    }
  }

  const overview = await resident('fund', 'fund', {});
  await committee('fund', 'fund', {});
  for (const { id: fundId } of overview.funds) {
    await resident('fund', 'fund', { fundId });
    const ledger = await resident('fund', 'ledger', { fundId, limit: 5 });
    if (ledger.nextBeforeSeq)
      await resident('fund', 'ledger', { fundId, beforeSeq: ledger.nextBeforeSeq });
    await resident('fund', 'verifyLedger', { fundId });
    await resident('fund', 'exportLedger', { fundId });
    const expenses = await resident('fund', 'expenses', { fundId });
    if (expenses.next) await resident('fund', 'expenses', { fundId, before: expenses.next });
    await committee('fund', 'offlineRecords', { fundId });
    await committee('fund', 'offlineRecords', { fundId, status: 'all' });
  }
  for (const c of overview.campaigns) {
    const view = await resident('fund', 'campaign', { campaignId: c.id });
    if (view.nextDonors)
      await resident('fund', 'campaign', { campaignId: c.id, donorsBefore: view.nextDonors });
  }
  for (const who of [resident, committee]) {
    const mine = await who('fund', 'myDonations', { estateId });
    if (mine.next) await who('fund', 'myDonations', { estateId, before: mine.next });
  }

  const tasks = await resident('volunteer', 'list', { estateId });
  await resident('volunteer', 'list', { estateId, scope: 'mine' });
  await resident('volunteer', 'list', { estateId, scope: 'past' });
  await resident('volunteer', 'list', { estateId, teamId: tasks.teams[0].id });
  const organiser = actAs(stack.runner, demo.leads[0]); // the seed's tasks are all theirs
  for (const t of tasks.items) {
    await resident('volunteer', 'get', { taskId: t.id });
    await organiser('volunteer', 'roster', { taskId: t.id });
  }
  await resident('volunteer', 'myHours', {});
  await committee('volunteer', 'teamHours', { estateId });
  await committee('volunteer', 'teamHours', { estateId, teamId: tasks.teams[0].id });
  await resident('volunteer', 'exportRecord', { estateId });
  // One write with a query of its own: calling a task off withdraws its pending reminders.
  await organiser('volunteer', 'cancelTask', {
    taskId: tasks.items[0].id,
    reason: '场地临时不可用',
  });
}

beforeAll(async () => {
  stack = await startStack({ queryShapes: log });
  demo = await seedDemo(stack);
  await actAs(stack.runner)('scheduler', 'tick', {});
  await readEverything();
}, 120_000);
afterAll(() => stack.close());

describe('the queries the functions make', () => {
  const shapes = (): QueryShape[] => log.shapes().map((s) => s.shape);

  it('were logged, lookups by _id and indexed paths alike', () => {
    expect(shapes().filter((s) => !isIdLookup(s)).length).toBeGreaterThan(20);
    expect(shapes().some(isIdLookup)).toBe(true);
  });

  it('are each served by an index of the plan, except lookups by _id', () => {
    const unserved = shapes()
      .filter((s) => !isIdLookup(s))
      .filter((s) => !PLAN.indexes.some((i) => i.collection === s.collection && serves(i, s)))
      .map(describeShape);
    expect(unserved).toEqual([]);
  });

  it('leave no index of the plan idle: each serves at least one of them', () => {
    const paths = shapes().filter((s) => !isIdLookup(s));
    const idle = PLAN.indexes
      .filter((i) => !paths.some((s) => s.collection === i.collection && serves(i, s)))
      .map((i) => `${i.collection} ${i.name}`);
    expect(idle).toEqual([]);
  });
});
