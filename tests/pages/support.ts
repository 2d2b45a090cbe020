import type { DemoEstate } from '../../local/seed/estate';

/** The demo estate seeded by tests/pages/global-setup.ts. */
export function demoEstate(): DemoEstate {
  const json = process.env.GONGZHI_DEMO;
  if (!json)
    throw new Error('GONGZHI_DEMO is not set: run page tests through the pages jest project');
  return JSON.parse(json) as DemoEstate;
}

type ConfigModule = typeof import('../../miniprogram/config');
const CONFIG = '../../miniprogram/config';

/**
 * A `beforeLoad` hook for loadPage: points the page's own services at the test gateway, through
 * wx.request ('local', as in DevTools) or wx.cloud.callFunction ('cloud', as in WeChat).
 */
export function useBackend(mode: 'local' | 'cloud' = 'local') {
  return () => {
    // Must be require(): it has to run inside the page's module registry (see harness loadPage).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { backendConfig } = require(CONFIG) as ConfigModule;
    // A development build, as in DevTools: local unless told to use the cloud.
    backendConfig.developUsesLocal = mode === 'local';
    backendConfig.gatewayUrl = process.env.GONGZHI_GATEWAY_URL as string;
  };
}
