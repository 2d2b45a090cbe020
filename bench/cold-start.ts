import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFunction, ROOT } from '../scripts/functions';

/** The SDKs, left out of the bundle the way the deploy used to (installed beside it instead). */
const SDKS = ['@cloudbase/node-sdk', 'wx-server-sdk'];

export interface ColdStart {
  /** Size of the deployed bundle, SDKs inside. */
  bundledKB: number;
  /** Median time for a fresh Node process to load the function, SDKs bundled (what we deploy). */
  bundledMs: number;
  /** The same with the SDKs required from node_modules (the old deploy, installDependency). */
  externalMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds for a fresh `node` to require `file` (the cold part of a cold start). */
function loadMs(file: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

/**
 * Cold start of functions as deployed (SDKs bundled in) against the old way (SDKs from
 * node_modules): each loaded `runs` times in fresh processes, alternating, median taken.
 */
export async function coldStart(
  names = ['community', 'fund', 'scheduler'],
  runs = 9,
): Promise<Record<string, ColdStart>> {
  // Under the project root, so the external variant finds node_modules as a deploy would.
  const dir = join(ROOT, 'build', 'bench');
  mkdirSync(dir, { recursive: true });
  const out: Record<string, ColdStart> = {};
  for (const name of names) {
    const bundled = join(dir, `${name}.bundled.js`);
    const external = join(dir, `${name}.external.js`);
    const { code } = await bundleFunction(name);
    writeFileSync(bundled, code);
    writeFileSync(external, (await bundleFunction(name, SDKS)).code);
    const times = { bundled: [] as number[], external: [] as number[] };
    for (let i = 0; i < runs; i++) {
      times.bundled.push(loadMs(bundled));
      times.external.push(loadMs(external));
    }
    out[name] = {
      bundledKB: Math.round(Buffer.byteLength(code) / 1024),
      bundledMs: Math.round(median(times.bundled)),
      externalMs: Math.round(median(times.external)),
    };
  }
  return out;
}
