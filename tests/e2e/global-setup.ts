import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ensureChromium } from './support/browser';

/**
 * Starts the preview stack in a child process (see support/stack-process.ts) and hands its URLs
 * and the demo identities to the tests through the environment.
 */
export default async function globalSetup(): Promise<void> {
  ensureChromium();
  const child = spawn(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(__dirname, 'support/stack-process.ts')],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve(out.slice(0, newline));
    });
    child.once('exit', (code) =>
      reject(new Error(`the e2e preview stack exited (${code}) before it was ready`)),
    );
    child.once('error', reject);
  });
  const ready = JSON.parse(line) as { previewUrl: string; gatewayUrl: string; demo: unknown };
  process.env.E2E_PREVIEW_URL = ready.previewUrl;
  process.env.E2E_GATEWAY_URL = ready.gatewayUrl;
  process.env.E2E_DEMO = JSON.stringify(ready.demo);
  (globalThis as { __e2eStack?: ChildProcess }).__e2eStack = child;
}
