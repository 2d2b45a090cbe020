/**
 * `npm start`: the local CloudBase with the cloud functions and the demo estate 糖果悦园.
 *   GONGZHI_PORT      port on 127.0.0.1 (default 8788)
 *   GONGZHI_DATA_DIR  where the store's journal lives (default .data/)
 *   --reset           wipe the data directory and reseed
 * The browser preview of the mini-program is served on GONGZHI_PORT + 1 (docs/preview.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Collections } from '../core/collections';
import { seedDemo } from '../local/seed/demo';
import type { DemoEstate } from '../local/seed/estate';
import { startStack } from '../local/stack';
import { startTimers } from '../local/timers';
import { startPreviewServer } from '../preview/server';
import { ROOT } from './functions';

async function main(): Promise<void> {
  const port = Number(process.env.GONGZHI_PORT ?? 8788);
  const dataDir = resolve(process.env.GONGZHI_DATA_DIR ?? join(ROOT, '.data'));
  if (process.argv.includes('--reset')) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  // WeChat DevTools needs miniprogram_npm; the pages need nothing else built.
  execFileSync(
    process.execPath,
    [require.resolve('tsx/cli'), join(ROOT, 'scripts', 'pack-npm.ts')],
    { stdio: 'inherit' },
  );

  const stack = await startStack({ port, dataDir });
  const demoFile = join(dataDir, 'demo.json');
  let demo = existsSync(demoFile)
    ? (JSON.parse(readFileSync(demoFile, 'utf8')) as DemoEstate)
    : undefined;
  const stored = demo && (await stack.db.collection(Collections.estates).doc(demo.estateId).get());
  if (!demo || (stored?.data as unknown[]).length === 0) {
    demo = await seedDemo(stack);
    writeFileSync(demoFile, `${JSON.stringify(demo, null, 2)}\n`);
    console.log(`seeded the demo estate ${demo.name} (${demo.units.length} households)`);
  }

  // The timer triggers of cloudbaserc.json, as the cloud runs them after `tcb fn deploy`.
  startTimers(stack.runner);

  // Rebuild functions when their sources change, so a running preview picks edits up.
  for (const dir of ['core', 'cloudfunctions', 'typings']) {
    if (existsSync(join(ROOT, dir)))
      watch(join(ROOT, dir), { recursive: true }, () => stack.runner.reload());
  }

  // The mini-program in a browser (preview/, docs/preview.md), rebuilt when its sources change.
  const estate = demo;
  const preview = await startPreviewServer({
    gatewayUrl: stack.cloudbase.url,
    demo: () => estate,
    port: port + 1,
    watch: true,
  });

  const url = stack.cloudbase.url;
  console.log(`
共治 Gongzhi — local CloudBase is running
  preview   ${preview.url}   (the mini-program in a browser; pick who you are in the top bar)
  gateway   POST ${url}/fn/<function>   (header X-Dev-Openid: <openid>)
  health    ${url}/health
  data      ${dataDir}  (demo identities in demo.json)

Demo estate ${demo.name} (${demo.estateId}), act as:
  staff      ${demo.staff[0]}
  committee  ${demo.committee.join(', ')}
  lead       ${demo.leads.join(', ')}
  resident   ${demo.residents[0]}

Try it:
  curl -s -X POST ${url}/fn/community -H 'X-Dev-Openid: ${demo.residents[0]}' -d '{"action":"home"}'

WeChat DevTools: open this folder (project.config.json); a development build calls this gateway
(miniprogram/config.ts gatewayUrl ${url}), trial and release builds always the cloud. Tick
"不校验合法域名", and set the identity in the console:
  wx.setStorageSync('gongzhi:devOpenid', '${demo.residents[0]}')
Ctrl-C stops; data persists. npm start -- --reset reseeds.`);

  const stop = () =>
    void preview
      .close()
      .then(() => stack.close())
      .then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
