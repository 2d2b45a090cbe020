/**
 * The local CloudBase is provisioned from the same plan as the cloud: the plan's collections
 * and nothing else, and its unique indexes enforced by the engine.
 */
import { Collections } from '../../core/collections';
import { PLAN } from '../../core/provision/plan';
import { startStack, type Stack } from '../../local/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('startStack provisions the local CloudBase from the plan', () => {
  it('creates exactly the collections of the plan', () => {
    expect(Object.keys(stack.cloudbase.db.changeCounts()).sort()).toEqual(
      PLAN.collections.map((c) => c.name).sort(),
    );
  });

  it('enforces the unique indexes: one receipt names one ballot of a vote', async () => {
    const unique = PLAN.indexes.filter((i) => i.unique);
    expect(unique.map((i) => [i.collection, Object.keys(i.keys)])).toEqual([
      [Collections.ballots, ['voteId', 'receipt']],
    ]);
    const ballots = stack.db.collection(Collections.ballots);
    await ballots.add({ _id: 'v_1_a', voteId: 'v_1', receipt: 'K7M2Q9XW4P' });
    const before = stack.cloudbase.db.dump();
    await expect(
      ballots.add({ _id: 'v_1_b', voteId: 'v_1', receipt: 'K7M2Q9XW4P' }),
    ).rejects.toThrow(/duplicate/i);
    expect(stack.cloudbase.db.dump()).toBe(before);
    // The same receipt in another vote, and another receipt in the same vote, are fine.
    await ballots.add({ _id: 'v_2_a', voteId: 'v_2', receipt: 'K7M2Q9XW4P' });
    await ballots.add({ _id: 'v_1_c', voteId: 'v_1', receipt: 'H3N8R5TZ6C' });
    expect((await ballots.count()).total).toBe(3);
  });
});
