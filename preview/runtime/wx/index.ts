/**
 * The `wx` object for the browser. Every API a shipped page or tdesign calls is here; anything
 * else answers `fail` with "not available in the preview" (and is recorded in the side panel)
 * rather than throwing, so a page degrades instead of dying.
 */
import Animation from 'miniprogram-simulate/src/api/animation';
import JSelectorQuery from 'j-component/src/tool/selectorquery';
import { currentIdentity } from '../identity';
import { record } from '../log';
import { navigation, navigationIfStarted } from '../navigation';
import { SCREEN, setNavigationBar } from '../shell';
import { copyText, hideToast, prompt, showActionSheet, showModal, showToast } from '../ui';
import { settle, wxError, type WxCallbacks } from './async';
import { fileSystemManager } from './fs';
import { mediaApi } from './media';
import { createCloud, downloadFile, request, uploadFile, wechatClient } from './network';
import { storageApi } from './storage';

type O<T = Record<string, unknown>> = WxCallbacks<Record<string, unknown>> & T;

let launchOptions: Record<string, unknown> = { path: '', query: {}, scene: 1001, referrerInfo: {} };

export function setLaunchOptions(options: Record<string, unknown>): void {
  launchOptions = options;
}

/** SDK version the preview claims: tdesign turns on virtualHost etc. from 2.19.2 up. */
export const SDK_VERSION = '3.6.0';

/** The capsule (•••|◉) where WeChat puts it on this phone; the shell draws it there too. */
const MENU_BUTTON = { width: 87, height: 32, top: 48, right: 368, bottom: 80, left: 281 };

function windowHeight(): number {
  const top = navigationIfStarted()?.top();
  if (!top) return SCREEN.height - SCREEN.statusBar - SCREEN.navBar;
  return top.frame.clientHeight || SCREEN.height;
}

function windowInfo() {
  return {
    pixelRatio: window.devicePixelRatio || 2,
    screenWidth: SCREEN.width,
    screenHeight: SCREEN.height,
    windowWidth: SCREEN.width,
    windowHeight: windowHeight(),
    statusBarHeight: SCREEN.statusBar,
    screenTop: SCREEN.height - windowHeight(),
    safeArea: {
      left: 0,
      right: SCREEN.width,
      top: SCREEN.statusBar,
      bottom: SCREEN.height - SCREEN.safeBottom,
      width: SCREEN.width,
      height: SCREEN.height - SCREEN.statusBar - SCREEN.safeBottom,
    },
  };
}

const deviceInfo = {
  brand: 'preview',
  model: 'iPhone X (browser preview)',
  system: 'iOS 16.0',
  platform: 'devtools',
  benchmarkLevel: 1,
  abi: '',
  cpuType: '',
  memorySize: 4096,
};

const appBaseInfo = {
  SDKVersion: SDK_VERSION,
  enableDebug: false,
  host: { env: 'WeChat' },
  language: 'zh_CN',
  version: '8.0.50',
  theme: 'light',
  fontSizeSetting: 16,
};

const systemSetting = {
  bluetoothEnabled: false,
  locationEnabled: true,
  wifiEnabled: true,
  deviceOrientation: 'portrait',
};

const authorizeSetting = {
  albumAuthorized: 'authorized',
  cameraAuthorized: 'authorized',
  locationAuthorized: 'authorized',
  microphoneAuthorized: 'authorized',
  notificationAuthorized: 'authorized',
  phoneCalendarAuthorized: 'authorized',
};

function systemInfo() {
  return {
    ...deviceInfo,
    ...appBaseInfo,
    ...windowInfo(),
    ...systemSetting,
    ...authorizeSetting,
    theme: 'light',
  };
}

/** wx.createSelectorQuery() without .in() queries the page on top. */
function createSelectorQuery() {
  const top = navigation().top();
  return new (JSelectorQuery as unknown as new (c: unknown) => unknown)(top?.instance ?? null);
}

const noop = () => undefined;

/** A stand-in whose every method does nothing (video context, canvas context…). */
function inert(name: string): unknown {
  return new Proxy(
    {},
    {
      get: (_, key) =>
        key === 'then'
          ? undefined
          : (...args: unknown[]) => {
              void args;
              console.debug(`[preview] ${name}.${String(key)} does nothing here`);
            },
    },
  );
}

function navApi(name: 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab' | 'navigateBack') {
  return (
    o: WxCallbacks & { url?: string; delta?: number; events?: Record<string, () => void> } = {},
  ) => {
    // Promise style when no callback is given, like every other wx API.
    if (o.success || o.fail || o.complete) return navigation()[name](o);
    return new Promise((resolve, reject) =>
      navigation()[name]({ ...o, success: resolve, fail: reject }),
    );
  };
}

function buildWx(): Record<string, unknown> {
  return {
    ...storageApi,
    ...mediaApi,
    request,
    uploadFile,
    downloadFile,
    cloud: createCloud(),
    env: { USER_DATA_PATH: 'wxfile://usr' },
    getFileSystemManager: fileSystemManager,

    navigateTo: navApi('navigateTo'),
    redirectTo: navApi('redirectTo'),
    reLaunch: navApi('reLaunch'),
    switchTab: navApi('switchTab'),
    navigateBack: navApi('navigateBack'),

    showToast: (o: O<{ title: string; icon?: string; duration?: number; mask?: boolean }>) =>
      settle('showToast', o, () => {
        showToast(o);
        return {};
      }),
    hideToast: (o?: O) =>
      settle('hideToast', o, () => {
        hideToast();
        return {};
      }),
    showLoading: (o: O<{ title: string; mask?: boolean }>) =>
      settle('showLoading', o, () => {
        showToast({ title: o.title, icon: 'loading', mask: o.mask, sticky: true });
        return {};
      }),
    hideLoading: (o?: O) =>
      settle('hideLoading', o, () => {
        hideToast();
        return {};
      }),
    showModal: (o: O<Parameters<typeof showModal>[0]>) =>
      settle('showModal', o, () => showModal(o)),
    showActionSheet: (o: O<{ itemList: string[]; itemColor?: string; alertText?: string }>) =>
      settle('showActionSheet', o, async () => {
        const tapIndex = await showActionSheet(o);
        if (tapIndex < 0) throw wxError('showActionSheet', 'cancel');
        return { tapIndex };
      }),

    setNavigationBarTitle: (o: O<{ title: string }>) =>
      settle('setNavigationBarTitle', o, () => {
        const top = navigation().top();
        if (top) setNavigationBar(top.node, { title: o.title });
        return {};
      }),
    setNavigationBarColor: (o: O<{ frontColor?: string; backgroundColor?: string }>) =>
      settle('setNavigationBarColor', o, () => {
        const top = navigation().top();
        if (top)
          setNavigationBar(top.node, {
            frontColor: o.frontColor,
            backgroundColor: o.backgroundColor,
          });
        return {};
      }),
    showNavigationBarLoading: () => {
      const top = navigation().top();
      if (top) setNavigationBar(top.node, { loading: true });
    },
    hideNavigationBarLoading: () => {
      const top = navigation().top();
      if (top) setNavigationBar(top.node, { loading: false });
    },
    pageScrollTo: (o: O<{ scrollTop?: number; selector?: string; duration?: number }>) =>
      settle('pageScrollTo', o, () => {
        const top = navigation().top();
        if (!top) return {};
        let y = o.scrollTop ?? 0;
        if (o.selector) {
          const target = top.node.shadowRoot?.querySelector(o.selector)?.$$;
          if (target)
            y =
              target.getBoundingClientRect().top -
              top.scroller.getBoundingClientRect().top +
              top.scroller.scrollTop;
        }
        navigation().scrollTo(y, o.duration ?? 300);
        return {};
      }),
    startPullDownRefresh: (o?: O) =>
      settle('startPullDownRefresh', o, () => {
        navigation().pullDownRefresh();
        return {};
      }),
    stopPullDownRefresh: (o?: O) => settle('stopPullDownRefresh', o, () => ({})),

    getSystemInfoSync: systemInfo,
    getSystemInfo: (o?: O) => settle('getSystemInfo', o, systemInfo),
    getSystemInfoAsync: (o?: O) => settle('getSystemInfoAsync', o, systemInfo),
    getWindowInfo: windowInfo,
    getDeviceInfo: () => ({ ...deviceInfo, pixelRatio: window.devicePixelRatio || 2 }),
    getAppBaseInfo: () => appBaseInfo,
    getSystemSetting: () => systemSetting,
    getAppAuthorizeSetting: () => authorizeSetting,
    getMenuButtonBoundingClientRect: () => ({ ...MENU_BUTTON }),
    getLaunchOptionsSync: () => launchOptions,
    getEnterOptionsSync: () => launchOptions,
    getAccountInfoSync: () => ({
      miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' },
    }),
    canIUse: () => true,
    nextTick: (fn: () => void) => void Promise.resolve().then(fn),
    createSelectorQuery,
    createIntersectionObserver: (
      component: { createIntersectionObserver?: (o: unknown) => unknown },
      options: unknown,
    ) => component?.createIntersectionObserver?.(options) ?? inert('IntersectionObserver'),
    createAnimation: (o?: Record<string, unknown>) => new Animation(o),
    createCanvasContext: () => inert('CanvasContext'),
    createVideoContext: () => inert('VideoContext'),
    createInnerAudioContext: () => inert('InnerAudioContext'),
    createMapContext: () => inert('MapContext'),
    getUpdateManager: () => ({
      onCheckForUpdate: noop,
      onUpdateReady: noop,
      onUpdateFailed: noop,
      applyUpdate: noop,
    }),
    getLogManager: () => ({
      log: console.log,
      info: console.info,
      warn: console.warn,
      debug: console.debug,
    }),
    getRealtimeLogManager: () => ({
      info: console.info,
      warn: console.warn,
      error: console.error,
      setFilterMsg: noop,
      addFilterMsg: noop,
    }),

    login: (o?: O) => settle('login', o, () => ({ code: `preview-${currentIdentity()}` })),
    checkSession: (o?: O) => settle('checkSession', o, () => ({})),
    getUserProfile: (o?: O) =>
      settle('getUserProfile', o, () => ({
        userInfo: { nickName: '微信用户', avatarUrl: '', gender: 0, language: 'zh_CN' },
      })),
    getUserInfo: (o?: O) =>
      settle('getUserInfo', o, () => ({
        userInfo: { nickName: '微信用户', avatarUrl: '', gender: 0, language: 'zh_CN' },
      })),
    getSetting: (o?: O) =>
      settle('getSetting', o, () => ({
        authSetting: {
          'scope.userInfo': true,
          'scope.userLocation': true,
          'scope.writePhotosAlbum': true,
        },
        subscriptionsSetting: { mainSwitch: true, itemSettings: {} },
      })),
    authorize: (o: O<{ scope: string }>) => settle('authorize', o, () => ({})),
    openSetting: (o?: O) => settle('openSetting', o, () => ({ authSetting: {} })),

    requestSubscribeMessage: (o: O<{ tmplIds: string[] }>) =>
      settle('requestSubscribeMessage', o, async () => {
        const choice = await showModal({
          title: '订阅消息（预览）',
          content: '允许发送活动提醒、候补和变更通知？每次允许，每类消息可收到一条。',
          confirmText: '允许',
          cancelText: '拒绝',
        });
        record('subscribe', `订阅消息 → ${choice.confirm ? '允许' : '拒绝'}`, {
          tmplIds: o.tmplIds,
        });
        if (!choice.confirm) return Object.fromEntries(o.tmplIds.map((id) => [id, 'reject']));
        // WeChat (the local CloudBase) records the consent: one message per template.
        return (await wechatClient('requestSubscribeMessage', { tmplIds: o.tmplIds })).answer;
      }),
    requestPayment: (o: O<{ package?: string }>) =>
      settle('requestPayment', o, async () => {
        const picked = await showActionSheet({
          alertText: '微信支付（本地，不会扣款）',
          itemList: ['支付成功', '银行卡扣款失败'],
        });
        if (picked < 0) {
          record('payment', '支付 取消', { package: o.package });
          throw wxError('requestPayment', 'cancel');
        }
        const outcome = picked === 0 ? 'paid' : 'failed';
        // The local CloudBase's WeChat Pay takes it, then calls the fund back.
        const { ok, answer } = await wechatClient('requestPayment', {
          package: o.package,
          outcome,
        });
        record('payment', `支付 ${ok ? '成功' : '失败'}`, { package: o.package });
        if (!ok) throw { errMsg: String(answer.errMsg ?? 'requestPayment:fail') };
        return answer;
      }),
    scanCode: (o?: O) =>
      settle('scanCode', o, async () => {
        const code = await prompt({
          title: '扫码（预览）：输入二维码的内容',
          placeholder: '码的内容',
          testId: 'scan-prompt',
        });
        if (code === undefined) throw wxError('scanCode', 'cancel');
        record('scan', `扫码 ${code}`);
        return {
          result: code,
          scanType: 'QR_CODE',
          charSet: 'utf-8',
          rawData: btoa(unescape(encodeURIComponent(code))),
        };
      }),

    setClipboardData: (o: O<{ data: string }>) =>
      settle('setClipboardData', o, async () => {
        await copyText(o.data);
        showToast({ title: '内容已复制', icon: 'none' });
        return {};
      }),
    getClipboardData: (o?: O) =>
      settle('getClipboardData', o, async () => ({
        data: await navigator.clipboard.readText().catch(() => ''),
      })),
    makePhoneCall: (o: O<{ phoneNumber: string }>) =>
      settle('makePhoneCall', o, async () => {
        const answer = await showModal({
          title: '拨打电话（预览）',
          content: o.phoneNumber,
          confirmText: '呼叫',
        });
        if (!answer.confirm) throw wxError('makePhoneCall', 'cancel');
        return {};
      }),
    getLocation: (o?: O) =>
      settle('getLocation', o, () => ({
        latitude: 23.0989,
        longitude: 113.3247,
        speed: 0,
        accuracy: 30,
      })),
    hideKeyboard: (o?: O) =>
      settle('hideKeyboard', o, () => {
        (document.activeElement as HTMLElement | null)?.blur();
        return {};
      }),

    showShareMenu: (o?: O) => settle('showShareMenu', o, () => ({})),
    hideShareMenu: (o?: O) => settle('hideShareMenu', o, () => ({})),
    updateShareMenu: (o?: O) => settle('updateShareMenu', o, () => ({})),
    getNetworkType: (o?: O) => settle('getNetworkType', o, () => ({ networkType: 'wifi' })),
    vibrateShort: (o?: O) => settle('vibrateShort', o, () => ({})),
    vibrateLong: (o?: O) => settle('vibrateLong', o, () => ({})),
    setKeepScreenOn: (o?: O) => settle('setKeepScreenOn', o, () => ({})),
    setBackgroundColor: (o?: O) => settle('setBackgroundColor', o, () => ({})),
    setBackgroundTextStyle: (o?: O) => settle('setBackgroundTextStyle', o, () => ({})),
    hideHomeButton: (o?: O) => settle('hideHomeButton', o, () => ({})),
    reportAnalytics: noop,
    reportEvent: noop,
    onAppShow: noop,
    offAppShow: noop,
    onAppHide: noop,
    offAppHide: noop,
    onError: noop,
    offError: noop,
    onThemeChange: noop,
    offThemeChange: noop,
    onNetworkStatusChange: noop,
    offNetworkStatusChange: noop,
    onKeyboardHeightChange: noop,
    offKeyboardHeightChange: noop,
    onWindowResize: noop,
    offWindowResize: noop,
    onMenuButtonBoundingClientRectWeightChange: noop,
    offMenuButtonBoundingClientRectWeightChange: noop,
    onUserCaptureScreen: noop,
    offUserCaptureScreen: noop,
  };
}

/**
 * Unknown APIs answer fail (and a promise rejection without callbacks) instead of throwing
 * "wx.x is not a function": a page's fallback paths run as they would on an old WeChat.
 */
export function createWx(): Record<string, unknown> {
  const api = buildWx();
  const missing = new Map<string, unknown>();
  return new Proxy(api, {
    get(target, key) {
      if (typeof key !== 'string' || key in target) return target[key as string];
      if (key === 'then' || key.startsWith('__')) return undefined;
      if (!missing.has(key)) {
        missing.set(key, (o?: WxCallbacks) => {
          record('unsupported', `wx.${key} 在预览中不可用`);
          console.warn(`[preview] wx.${key} is not available in the preview`);
          return settle(key, o, () => {
            throw wxError(key, 'not available in the preview');
          });
        });
      }
      return missing.get(key);
    },
  });
}
