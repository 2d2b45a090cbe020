/**
 * The local CloudBase's store alone (local/main.ts) in a child process, so that a test can
 * SIGKILL it mid-burst and start it again on the same data directory. The SDK is pointed at it
 * through process.env, which the function runner and the SDK read on every call.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';
import { sdkEnv } from '../../local/server';
import { LOCAL_ENV_ID } from '../../local/stack';

const ROOT = path.resolve(__dirname, '../..');

export interface StoreProcess {
  proc: ChildProcess;
  exited: Promise<unknown>;
  url: string;
}

/** `node --import tsx` keeps the server in this one process (the tsx CLI would fork it), so SIGKILL hits it. */
export async function startStoreProcess(dataDir: string): Promise<StoreProcess> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/main.ts', '--port', '0', '--data', dataDir, '--env', LOCAL_ENV_ID],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(proc, 'exit');
  for await (const line of readline.createInterface({ input: proc.stdout! })) {
    if (line.startsWith('READY ')) {
      const url = line.slice('READY '.length);
      Object.assign(process.env, sdkEnv({ adminUrl: `${url}/admin` }, LOCAL_ENV_ID));
      return { proc, exited, url };
    }
  }
  throw new Error('the local CloudBase exited before READY');
}
