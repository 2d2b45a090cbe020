/**
 * Journey 2: residents vote on replacing the six elevators (the demo's open vote, Civil Code
 * mode), each gets a receipt, and the results page shows the quorum meters move.
 */
import type { MyBallot, ResultsView } from '../../typings/vote';
import { journey } from './support/journey';
import { demoEstate, gateway, type Session } from './support/session';

const estate = demoEstate();
const TITLE = '更换6部电梯';

async function electionVoteId(): Promise<string> {
  const home = await gateway<{ activities: Array<{ kind: string; id: string; title: string }> }>(
    'community',
    { action: 'home' },
    estate.residents[0],
  );
  const item = home.activities.find((a) => a.kind === 'vote' && a.title === TITLE);
  if (!item) throw new Error(`the demo estate has no open vote on ${TITLE}`);
  return item.id.slice('vote_'.length);
}

/** Residents whose household has not voted yet, as the server says. */
async function votersYetToVote(voteId: string, n: number): Promise<string[]> {
  const found: string[] = [];
  for (const openid of estate.residents) {
    const mine = await gateway<MyBallot>('vote', { action: 'myBallot', voteId }, openid).catch(
      () => null,
    );
    if (mine && !mine.cast && mine.can.cast === true) found.push(openid);
    if (found.length === n) return found;
  }
  throw new Error(`fewer than ${n} households may still vote on ${TITLE}`);
}

/** Chooses `option` on the ballot page, casts, confirms, and answers the receipt shown. */
async function castOnPage(s: Session, option: string): Promise<string> {
  await s.tapText(option, { exact: true });
  await s.tapText('投票', { exact: true });
  await s.answerModal('确认投票');
  await s.expectText(`你的选择：${option}`);
  return ((await s.page.locator('.receipt__value').first().textContent()) ?? '').trim();
}

describe('voting', () => {
  journey(
    'residents vote from the home feed, get receipts, and the results show the quorum meters',
    async (s) => {
      const voteId = await electionVoteId();
      const before = await gateway<ResultsView>(
        'vote',
        { action: 'results', voteId },
        estate.residents[0],
      );
      const [first, second] = await votersYetToVote(voteId, 2);

      // The first resident finds the vote on the home page.
      await s.as(first);
      await s.open('/pages/home/home');
      // The vote's own line in the feed (the proposal has one too, with the same title).
      await s.tapText(/^表决中 · \d+月\d+日截止$/);
      await s.expectText('表决选项');
      await s.expectText(TITLE);
      await s.step('the ballot');
      const receipt = await castOnPage(s, '赞成');
      expect(receipt).toMatch(/^[A-Z2-9]{10}$/);
      await s.step('cast, with a receipt');
      // The household cannot vote again.
      await s.expectText('这户已经投过票了（每户一票）');

      // A neighbour votes against from a link.
      await s.as(second);
      await s.open(`/pages/vote/vote?id=${voteId}`);
      await castOnPage(s, '反对');

      // The results: households and area (and heads, in Civil Code mode) against their thresholds.
      await s.tapText('查看表决结果');
      await s.expectText('参与情况（实时）');
      for (const meter of ['户数', '面积', '人数']) await s.expectText(meter, { exact: true });
      await s.expectText(
        `${before.participated.households + 2} / ${before.eligible.households} 户`,
      );
      await s.expectText('须达三分之二以上');
      await s.step('live results with the quorum meters');

      const after = await gateway<ResultsView>(
        'vote',
        { action: 'results', voteId },
        estate.residents[0],
      );
      expect(after.participated.households).toBe(before.participated.households + 2);
      expect(after.options[0].support.households).toBe(before.options[0].support.households + 1);
      expect(after.options[1].support.households).toBe(before.options[1].support.households + 1);
      const recount = await gateway<{ matches: boolean }>(
        'vote',
        { action: 'recount', voteId },
        estate.committee[0],
      );
      expect(recount.matches).toBe(true);
    },
    120_000,
  );
});
