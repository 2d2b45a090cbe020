/**
 * Rate limits on what one person could abuse (core/ratelimit.ts and its users): each refuses
 * past its budget with a Chinese message that says how long to wait, changes nothing but the
 * attempt counter, and leaves everyone else alone. Binding-code guessing and check-in codes
 * are held to theirs in community.test.ts and volunteer-attendance.test.ts.
 */
import { Collections } from '../../core/collections';
import { seedEstate, sizedEstate, type DemoEstate } from '../../local/seed/estate';
import { startStack, type Stack } from '../../local/stack';
import { client } from '../support/gateway';
import { at } from '../support/world';

let stack: Stack;
let e: DemoEstate;
beforeAll(async () => {
  stack = await startStack();
  e = await seedEstate(stack.db, sizedEstate('limits', 60));
});
afterAll(() => stack.close());

const as = (openid: string) => client(stack.cloudbase.url, openid);
/** Change counters of every collection but the rate limits' own. */
const changes = () => {
  const { [Collections.rateLimits]: _, ...rest } = stack.cloudbase.db.changeCounts();
  return rest;
};

const draft = (openid: string, n: number) =>
  as(openid).call('proposal', 'create', {
    estateId: e.estateId,
    title: `限流测试议题 ${n}`,
    body: '用于测试每天发起议题数量上限的议题。',
    category: 'community',
    scope: { kind: 'estate' },
  });

describe('proposal creation', () => {
  it('allows five a day per person, then refuses with the limit in the message, writing nothing', async () => {
    const author = e.residents[0];
    for (let n = 1; n <= 5; n++) expect((await draft(author, n)).result.ok).toBe(true);
    const before = changes();
    const sixth = await draft(author, 6);
    expect(sixth.result).toEqual({
      ok: false,
      code: 'RATE_LIMITED',
      message: '今天发起的议题已达上限（5 个），请明天再试',
    });
    expect(changes()).toEqual(before);
    // Someone else's budget is their own.
    expect((await draft(e.residents[1], 1)).result.ok).toBe(true);
  });
});

describe('co-sign and withdraw flapping', () => {
  it('share one budget of 30 an hour: the 31st is refused and the count stays exact', async () => {
    const author = e.residents[2];
    const { result } = await draft(author, 1);
    const proposalId = (result as { data: { id: string } }).data.id;
    await as(author).call('proposal', 'publish', { proposalId, cosignDeadline: at(86_400_000) });
    const flapper = as(e.residents[3]);
    for (let i = 0; i < 15; i++) {
      expect((await flapper.call('proposal', 'cosign', { proposalId })).result.ok).toBe(true);
      expect((await flapper.call('proposal', 'withdrawCosign', { proposalId })).result.ok).toBe(
        true,
      );
    }
    const before = changes();
    const refused = await flapper.call('proposal', 'cosign', { proposalId });
    expect(refused.result).toEqual({
      ok: false,
      code: 'RATE_LIMITED',
      message: '操作太频繁，请一小时后再试',
    });
    expect(changes()).toEqual(before);
    const cosigns = await stack.db.collection(Collections.cosigns).where({ proposalId }).count();
    expect(cosigns.total).toBe(0);
    // The other households co-sign as usual.
    expect(
      (await as(e.residents[4]).call('proposal', 'cosign', { proposalId })).result,
    ).toMatchObject({ ok: true, data: { progress: { cosigned: 1 } } });
  });
});
