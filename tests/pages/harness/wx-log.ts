/** What pages asked WeChat to do, for tests to assert on. Cleared after every test. */
export const wxLog = {
  toasts: [] as Array<{ title: string; icon?: string; duration?: number }>,
  modals: [] as Array<{ title?: string; content?: string }>,
  navigations: [] as Array<{ api: NavigationApi; url?: string; delta?: number }>,
  subscriptions: [] as Array<{ tmplIds: string[] }>,
  payments: [] as Array<{ package?: string; answer: string }>,
  uploads: [] as Array<{ url: string; formData: Record<string, string> }>,
  requests: [] as Array<{ method: string; url: string; data?: unknown }>,
  cloudCalls: [] as Array<{ name: string; data?: Record<string, unknown>; openid: string }>,
};

export type NavigationApi = 'navigateTo' | 'redirectTo' | 'navigateBack' | 'switchTab' | 'reLaunch';

export function clearWxLog(): void {
  for (const list of Object.values(wxLog)) list.length = 0;
}
