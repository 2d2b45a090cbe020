/**
 * Runs the local CloudBase alone: `tsx local/main.ts [--port P] [--data DIR] [--env ID]`.
 * Prints `READY <url>` once listening; SIGINT/SIGTERM close it cleanly.
 */
import { functionNames } from '../scripts/functions';
import { startLocalCloudBase, type FunctionHost } from './server';

/**
 * This process holds the store, not the functions (they run in the caller's process): WeChat Pay
 * may still name them as callbacks, but the store cannot run them.
 */
const elsewhere: FunctionHost = {
  names: functionNames,
  invoke: (name) => Promise.reject(new Error(`function ${name} runs outside the store process`)),
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const port = Number(arg('port') ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('--port must be 0..65535');
  const cb = await startLocalCloudBase({
    port,
    dataDir: arg('data') ?? null,
    envId: arg('env'),
    functions: elsewhere,
  });
  const stop = (): void => {
    cb.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`READY ${cb.url}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
