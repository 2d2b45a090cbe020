/**
 * `npm run bench`: performance figures, never in unit tests. Each area adds a scenario; the last
 * line printed is one JSON object with every scenario's figures (see the issue tracker for keys).
 */
import { coldStart } from './cold-start';
import { fundBurst } from './fund';
import { benchStack } from './lib';
import { rawInsertPerSec } from './raw-insert';
import { volunteerBurst } from './volunteer';
import { voteBurst } from './vote';

type Scenario = (figures: Record<string, unknown>) => Promise<void>;

/** Scenarios run in order, each on its own fresh stack. Areas append theirs. */
const SCENARIOS: Array<[name: string, run: Scenario]> = [
  [
    'rawInsert',
    async (figures) => {
      const stack = await benchStack();
      try {
        figures.rawInsertPerSec = await rawInsertPerSec(stack, 2000, 64);
      } finally {
        await stack.dispose();
      }
    },
  ],
  [
    'vote',
    async (figures) => {
      const vote = await voteBurst(1000, 64);
      figures.vote = vote;
      // Same run, same concurrency: the yardstick above.
      figures.voteToRawRatio =
        Math.round((vote.perSec / (figures.rawInsertPerSec as number)) * 1000) / 1000;
    },
  ],
  [
    'fund',
    async (figures) => {
      figures.fund = await fundBurst(500, 32);
    },
  ],
  [
    'volunteer',
    async (figures) => {
      figures.volunteer = await volunteerBurst(200, 20, 64);
    },
  ],
  [
    'coldStart',
    async (figures) => {
      figures.coldStart = await coldStart();
    },
  ],
];

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const figures: Record<string, unknown> = {};
  for (const [name, run] of SCENARIOS) {
    if (only.length > 0 && !only.includes(name) && name !== 'rawInsert') continue;
    const t0 = Date.now();
    await run(figures);
    console.error(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.log(JSON.stringify(figures));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
