/**
 * The whole preview in one process, in memory: the local CloudBase with the functions, the demo
 * estate seeded through them, and the preview server pointed at its gateway. What the e2e tests
 * and the gallery run (npm start wires its own, persistent, stack).
 */
import { seedDemo } from '../local/seed/demo';
import type { DemoEstate } from '../local/seed/estate';
import { startStack, type Stack } from '../local/stack';
import { startPreviewServer, type PreviewServer } from './server';

export interface PreviewStack {
  stack: Stack;
  demo: DemoEstate;
  preview: PreviewServer;
  close(): Promise<void>;
}

export async function startPreviewStack(
  opts: { quiet?: boolean; watch?: boolean } = {},
): Promise<PreviewStack> {
  const stack = await startStack();
  try {
    const demo = await seedDemo(stack);
    const preview = await startPreviewServer({
      gatewayUrl: stack.cloudbase.url,
      demo: () => demo,
      watch: opts.watch,
      log: opts.quiet ? () => undefined : undefined,
    });
    return {
      stack,
      demo,
      preview,
      async close() {
        await preview.close();
        await stack.close();
      },
    };
  } catch (err) {
    await stack.close();
    throw err;
  }
}
