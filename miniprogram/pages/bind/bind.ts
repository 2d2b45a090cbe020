import { call } from '../../services/cloud';

/**
 * A shared task or proposal link sends newcomers here with `?redirect=<encoded path>`. The query
 * is whatever the link says, so only a page of this mini-program is accepted as a destination.
 */
const REDIRECT_PREFIX = '/pages/';
/** Long enough to read "已绑定 1栋1单元302" before the page changes under the toast. */
const TOAST_MS = 1000;

interface BindView {
  code: string;
  submitting: boolean;
  /** The server's refusal, shown under the field; '' when there is none. */
  error: string;
  /** Where to go once bound ('' = home). */
  redirect: string;
}

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    code: '',
    submitting: false,
    error: '',
    redirect: '',
  } as BindView,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ redirect: safeRedirect(query.redirect) });
    },

    onCodeChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      // Codes are printed in capitals; upper-casing as typed spares the shift key.
      this.setData({ code: e.detail.value.toUpperCase(), error: '' });
    },

    async onScan() {
      try {
        const res = await wx.scanCode({ onlyFromCamera: false });
        this.setData({ code: res.result.trim().toUpperCase(), error: '' });
      } catch {
        // Closing the scanner is not an error worth showing.
      }
    },

    async onSubmit() {
      if (this.data.submitting || !this.data.code) return;
      this.setData({ submitting: true, error: '' });
      // The server normalises and checks the code; its refusal (wrong, used, too many tries)
      // is already a sentence fit to show.
      const res = await call('community', 'bind', { code: this.data.code });
      if (!res.ok) {
        this.setData({ submitting: false, error: res.message });
        return;
      }
      // icon 'none': the success icon would cut the title to seven characters.
      wx.showToast({ title: `已绑定 ${res.data.label}`, icon: 'none', duration: 1500 });
      const home = `/pages/home/home?estateId=${res.data.estateId}`;
      setTimeout(() => {
        if (this.data.redirect) {
          wx.redirectTo({ url: this.data.redirect, fail: () => wx.reLaunch({ url: home }) });
        } else {
          wx.reLaunch({ url: home });
        }
      }, TOAST_MS);
    },
  },
});

/** The decoded path when it is a page of ours, else '' (WeChat hands the query over still encoded). */
function safeRedirect(raw: string | undefined): string {
  if (!raw) return '';
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return '';
  }
  return path.startsWith(REDIRECT_PREFIX) ? path : '';
}
