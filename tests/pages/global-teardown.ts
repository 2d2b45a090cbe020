import type { Stack } from '../../local/stack';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __gongzhiStack?: Stack }).__gongzhiStack?.close();
}
