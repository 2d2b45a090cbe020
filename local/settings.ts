/**
 * The deployer's settings on the local CloudBase: what fills `{{env.X}}` in cloudbaserc.json
 * here, as the deployer's shell fills it for `tcb fn deploy`. Values are the local CloudBase's
 * own (its simulated WeChat Pay merchant and subscription templates), never real ones.
 */
export const LOCAL_SETTINGS: Record<string, string> = {
  ENV_ID: 'gongzhi-local',
};
