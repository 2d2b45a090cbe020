import type { Stack } from '../stack';
import { seedFund } from './fund';
import { seedProposals } from './proposal';
import { seedVotes } from './vote';
import { seedVolunteers } from './volunteer';
import { DEMO_ESTATE, seedEstateThroughFunctions, type DemoEstate } from './estate';

/**
 * The demo estate 糖果悦园 and everything going on in it. Each area adds its step here; steps
 * run in order, after the estate and its households exist, and go through the functions.
 */
type DemoStep = (stack: Stack, demo: DemoEstate) => Promise<void>;

const STEPS: DemoStep[] = [seedProposals, seedVotes, seedFund, seedVolunteers];

export async function seedDemo(stack: Stack): Promise<DemoEstate> {
  const demo = await seedEstateThroughFunctions(stack, DEMO_ESTATE);
  for (const step of STEPS) await step(stack, demo);
  return demo;
}
