/**
 * Journey 1: a newcomer follows a shared proposal link, binds their household with the code the
 * building lead handed out, co-signs, and neighbours co-sign until the proposal is admitted.
 */
import type { ProposalView } from '../../typings/proposal';
import { journey } from './support/journey';
import { demoEstate, gateway, type Session } from './support/session';

const estate = demoEstate();
const TITLE = '电动车充电桩选址';

/** The proposal's id, as a member finds it in the list. */
async function proposalId(): Promise<string> {
  const list = await gateway<{ items: Array<{ id: string; title: string }> }>(
    'proposal',
    { action: 'list', estateId: estate.estateId, status: 'open' },
    estate.residents[0],
  );
  const item = list.items.find((p) => p.title === TITLE);
  if (!item) throw new Error(`the demo estate has no open proposal ${TITLE}`);
  return item.id;
}

/** The "还需 N 户联署" the page shows. */
async function remaining(s: Session): Promise<number> {
  const line = await s.text(/还需 \d+ 户联署/).textContent();
  return Number(/\d+/.exec(line ?? '')?.[0]);
}

/** Residents whose household may still co-sign, as the server says. */
async function neighboursWhoMayCosign(id: string, n: number): Promise<string[]> {
  const found: string[] = [];
  for (const openid of estate.residents) {
    const view = await gateway<ProposalView>('proposal', { action: 'get', proposalId: id }, openid);
    if (view.can.cosign === true) found.push(openid);
    if (found.length === n) return found;
  }
  throw new Error(`fewer than ${n} neighbours may co-sign ${TITLE}`);
}

describe('co-signing', () => {
  journey(
    'a newcomer binds a household from a shared link, co-signs, and neighbours co-sign until it is admitted',
    async (s) => {
      const id = await proposalId();
      // A household that has not joined yet: its code is on the lead's printed list.
      const household = estate.units.find((u) => !u.openid && u.code);
      if (!household?.code) throw new Error('the demo estate has no unbound household');

      await s.as('newcomer');
      await s.visit(`/pages/proposal/proposal?id=${id}`);
      await s.expectText('输入绑定码');
      await s.step('the link asks a newcomer to bind first');
      await s.fill('8 位字母和数字', household.code);
      await s.tapText('绑定', { exact: true });

      // Back on the proposal, as a member of the household now.
      await s.expectText(TITLE);
      const before = await remaining(s);
      await s.step('back on the proposal after binding');
      await s.tapText('联署支持');
      await s.expectText(`你家（${household.label}）已联署`);
      expect(await remaining(s)).toBe(before - 1);
      await s.step('co-signed');

      // Neighbours co-sign one after another; the last one admits the proposal.
      for (const neighbour of await neighboursWhoMayCosign(id, before - 1)) {
        await s.as(neighbour);
        await s.open(`/pages/proposal/proposal?id=${id}`);
        await s.tapText('联署支持');
        await s.expectText('你家已联署');
      }
      await s.expectText('已准入，待排期表决');
      await s.step('admitted');

      // A household cannot co-sign twice, whichever member tries.
      const view = await gateway<ProposalView>(
        'proposal',
        { action: 'get', proposalId: id },
        estate.residents[1],
      );
      expect(view.status).toBe('admitted');
      expect(view.progress?.remaining).toBe(0);
    },
    150_000,
  );
});
