import harnessSetup from './harness/global-setup';
import { seedDemo } from '../../local/seed/demo';
import { startStack, type Stack } from '../../local/stack';

/**
 * Page tests run in jsdom, where the function runner (esbuild) cannot start. So the real
 * stack — local CloudBase + functions, in memory, with the demo estate — runs here in jest's
 * parent process, and the tests reach it over HTTP like the mini-program does.
 */
export default async function globalSetup(): Promise<void> {
  await harnessSetup();
  const stack = await startStack();
  const demo = await seedDemo(stack);
  process.env.GONGZHI_GATEWAY_URL = stack.cloudbase.url;
  process.env.GONGZHI_DEMO = JSON.stringify(demo);
  (globalThis as { __gongzhiStack?: Stack }).__gongzhiStack = stack;
}
