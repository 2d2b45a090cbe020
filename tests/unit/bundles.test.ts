import { bundleFunction, functionNames } from '../../scripts/functions';

/**
 * The deployed bundles, exactly as `npm run build` writes them: WeChat's SDK is inside those
 * that pay or send, and nothing of the local CloudBase is inside any.
 */
const bundles = Promise.all(
  functionNames().map(async (name) => [name, await bundleFunction(name)] as const),
);

/** What only the local CloudBase knows: its env, its WeChat stand-ins, its dev identity. */
const LOCAL_ONLY = [
  'gongzhi-local',
  'local-tpl-',
  '/wechat/requestPayment',
  'x-dev-openid',
  'simulatePayment',
  'simulated',
  'notifyInbox',
  'local://',
];

it('bundles no local-only code or action into any function', async () => {
  for (const [name, bundle] of await bundles) {
    expect({
      name,
      local: bundle.inputs.filter((i) => /^(local|preview|tests)\//.test(i)),
    }).toEqual({
      name,
      local: [],
    });
    expect({ name, markers: LOCAL_ONLY.filter((m) => bundle.code.includes(m)) }).toEqual({
      name,
      markers: [],
    });
  }
}, 60_000);

it('bundles wx-server-sdk into the functions that pay or send, and lists it', async () => {
  const withWx = (await bundles)
    .filter(([, b]) => b.packages['wx-server-sdk'] !== undefined)
    .map(([name]) => name);
  expect(withWx).toEqual(['fund', 'scheduler', 'volunteer']);
  for (const [, b] of await bundles) expect(b.packages['@cloudbase/node-sdk']).toMatch(/^3\./);
}, 60_000);
