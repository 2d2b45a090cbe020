/**
 * `npm run fuzz -- [--seed S] [--n N] [--only fn.action,…]`: the fuzz suite's run, longer or
 * with another seed than CI's. Prints one line per action and every failure and leak with its
 * seed, action and index; exits 1 if there were any. Each action's run starts from the same
 * world and its own stream of the seed, so `--seed S --only fn.action --n <index + 1>` replays
 * a failure. The jest suite runs it too, as shards side by side (`--shard i/n --json FILE`:
 * the report as JSON, nothing printed).
 */
import { writeFileSync } from 'node:fs';
import { buildWorld } from '../../support/world';
import { fuzz, summary } from './run';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const USAGE =
  'usage: npm run fuzz -- [--seed S] [--n N] [--only fn.action,…] [--shard i/n] [--json FILE]';

async function main(): Promise<number> {
  const seed = Number(arg('seed') ?? Date.now() % 1_000_000);
  const perAction = Number(arg('n') ?? 1000);
  const [index, count] = (arg('shard') ?? '0/1').split('/').map(Number);
  if (
    ![seed, perAction, index, count].every(Number.isSafeInteger) ||
    perAction < 1 ||
    index < 0 ||
    index >= count
  )
    throw new Error(USAGE);
  const only = arg('only')?.split(',');
  const json = arg('json');
  // The SDK's slow-request warning: some fuzz payloads are slow on purpose (huge strings).
  process.env.SILENCE = 'true';
  const world = await buildWorld();
  try {
    const report = await fuzz(world, {
      seed,
      perAction,
      only: only && ((key) => only.includes(key)),
      shard: { index, count },
    });
    if (json) {
      writeFileSync(json, JSON.stringify(report));
      return 0;
    }
    console.log(summary(report));
    for (const f of report.failures) console.log('\nFAILURE', JSON.stringify(f, null, 2));
    for (const l of report.leaks) console.log('\nLEAK', JSON.stringify(l));
    return report.failures.length + report.leaks.length > 0 ? 1 : 0;
  } finally {
    await world.stack.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
