import * as cloud from 'wx-server-sdk';

let initialised = false;

/**
 * wx-server-sdk, WeChat's documented way to its open capabilities from a cloud function
 * (云调用 openapi, cloud pay), initialised once per instance for the environment the function
 * runs in. It is bundled into the functions that use it (scripts/functions.ts).
 */
export function wxCloud(): typeof cloud {
  if (!initialised) {
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}
