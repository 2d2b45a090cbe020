import { localNotifier } from '../../local/notify';
import { isLocalCloudBase } from '../../local/payment';
import type { NotifyPort } from './port';
import { wechatNotifier } from './wechat';

let chosen: NotifyPort | undefined;

/**
 * The channel of this function instance, chosen once: the recorder on the local CloudBase,
 * WeChat subscription messages anywhere else. Like the payment adapter, the local one can
 * never be active in the cloud (see isLocalCloudBase).
 */
export function notifyPort(env: NodeJS.ProcessEnv = process.env): NotifyPort {
  chosen ??= isLocalCloudBase(env) ? localNotifier() : wechatNotifier();
  return chosen;
}
