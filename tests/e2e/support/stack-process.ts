/**
 * Runs the preview stack (local CloudBase + functions + demo estate + preview server) in its own
 * process for the e2e tests. Its own process because the stack points the node-sdk at itself
 * through process.env, and the page tests' stack lives in jest's parent process too.
 * Prints one JSON line ({ previewUrl, gatewayUrl, demo }) when ready; exits when stdin closes.
 */
import { startPreviewStack } from '../../../preview/stack';

async function main(): Promise<void> {
  const running = await startPreviewStack({ quiet: true });
  process.stdout.write(
    `${JSON.stringify({
      previewUrl: running.preview.url,
      gatewayUrl: running.stack.cloudbase.url,
      demo: running.demo,
    })}\n`,
  );
  const stop = () => void running.close().then(() => process.exit(0));
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
