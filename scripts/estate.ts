/**
 * `npm run estate -- --units N [--id ID]`: creates a fresh estate of N households, all bound,
 * in a running local CloudBase (GONGZHI_PORT, default 8788), and prints its identities as JSON
 * (also written to GONGZHI_DATA_DIR/estate-<id>.json). For tests and benchmarks.
 */
import tcb from '@cloudbase/node-sdk';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seedEstate, sizedEstate } from '../local/seed/estate';
import { sdkEnv } from '../local/server';
import { LOCAL_ENV_ID } from '../local/stack';
import { ROOT } from './functions';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const units = Number(arg('units') ?? 100);
  if (!Number.isSafeInteger(units) || units < 1 || units > 20000)
    throw new Error('--units must be 1..20000');
  const id = arg('id') ?? `estate-${Date.now().toString(36)}`;
  const port = Number(process.env.GONGZHI_PORT ?? 8788);
  Object.assign(process.env, sdkEnv({ adminUrl: `http://127.0.0.1:${port}/admin` }, LOCAL_ENV_ID));
  const db = tcb.init({ env: LOCAL_ENV_ID }).database();
  const demo = await seedEstate(db, sizedEstate(id, units));
  const dataDir = resolve(process.env.GONGZHI_DATA_DIR ?? join(ROOT, '.data'));
  mkdirSync(dataDir, { recursive: true });
  const json = JSON.stringify(demo, null, 2);
  writeFileSync(join(dataDir, `estate-${id}.json`), `${json}\n`);
  console.log(json);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
