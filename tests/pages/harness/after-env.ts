/** Per-test isolation (jest setupFilesAfterEnv): every test starts with no page and a clean wx. */
import { resetApp } from './app';
import { setIdentity } from './cloud';
import { flush } from './dom';
import { settleHttp } from './http';
import { unloadAllPages } from './index';
import { resetWxApi } from './wx-api';
import { clearWxLog } from './wx-log';

afterEach(async () => {
  // Let calls a test left running land while the page is still alive, then let handlers finish.
  await settleHttp();
  await flush();
  unloadAllPages();
  resetApp();
  resetWxApi();
  clearWxLog();
  setIdentity();
});
