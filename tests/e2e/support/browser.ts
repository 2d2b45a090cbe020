// The browser the e2e tests and the gallery share (preview/browser.ts).
export {
  CHROMIUM,
  CHROMIUM_ARGS,
  ensureChromium,
  launchBrowser,
  type Browser,
} from '../../../preview/browser';
