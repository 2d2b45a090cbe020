import { packNpm } from '../../../scripts/pack-npm';

/** Page tests load tdesign from miniprogram/miniprogram_npm: (re)pack it when missing or stale. */
export default async function globalSetup(): Promise<void> {
  const result = await packNpm();
  if (!result.upToDate) console.log(`\n${result.summary}`);
}
