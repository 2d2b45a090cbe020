/**
 * Sharing in the preview: a page's onShareAppMessage becomes a link, and the link opens that page
 * for whoever follows it — the mechanics the "shared task link" journey stands on.
 */
import { gatewayCaller } from '../../preview/tour';
import { journey } from './support/journey';
import { demoEstate } from './support/session';

const estate = demoEstate();

/** The first proposal on the demo estate's home feed: its id and title. */
async function aProposal(): Promise<{ id: string; title: string }> {
  const call = gatewayCaller(process.env.E2E_GATEWAY_URL as string);
  const home = (await call('community', { action: 'home' }, estate.residents[0])) as {
    data: { activities: Array<{ kind: string; id: string; title: string }> };
  };
  const item = home.data.activities.find((a) => a.kind === 'proposal');
  if (!item) throw new Error('the demo estate has no proposal on its home feed');
  return { id: item.id.slice('proposal_'.length), title: item.title };
}

describe('share', () => {
  journey('a page shared from the capsule menu opens from its link for someone else', async (s) => {
    const proposal = await aProposal();
    await s.as('resident');
    await s.open(`/pages/proposal/proposal?id=${proposal.id}`);
    await s.expectText(proposal.title);

    const link = await s.shareFromMenu();
    expect(link).toContain(`#/pages/proposal/proposal?id=${proposal.id}`);
    expect((await s.log()).some((e) => e.kind === 'share')).toBe(true);

    await s.as(estate.leads[1]);
    await s.open('/pages/home/home');
    await s.follow(link);
    await s.expectText(proposal.title);
    await s.step('opened from the link');
  });
});
