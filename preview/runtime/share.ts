/**
 * Sharing. In WeChat, "转发" sends a card that opens `path` in the friend's WeChat. Here the page's
 * onShareAppMessage answer becomes a link to this preview (`#/pages/...?id=`), shown in a sheet
 * to copy or open, so a shared link can be followed as another identity.
 */
import { record } from './log';
import { navigation } from './navigation';
import { shareSheet, showToast } from './ui';

interface ShareContent {
  title?: string;
  path?: string;
  imageUrl?: string;
  promise?: Promise<ShareContent>;
}

export function linkTo(path: string): string {
  const target = path.startsWith('/') ? path : `/${path}`;
  return `${location.origin}${location.pathname}#${target}`;
}

/** What the page would share: its onShareAppMessage answer, or undefined if it shares nothing. */
export async function shareContent(
  node: ExparserNode | null,
  from: 'button' | 'menu',
): Promise<{ title: string; path: string; imageUrl?: string } | undefined> {
  const router = navigation();
  const page = node ? router.recordOf(node) : router.top();
  if (!page) return undefined;
  const handler = page.instance.onShareAppMessage;
  if (typeof handler !== 'function') return undefined;
  const target =
    from === 'button' && node ? { id: node.id, dataset: { ...node.dataset } } : undefined;
  const answer = ((handler as (o: object) => ShareContent | undefined).call(page.instance, {
    from,
    target,
    webViewUrl: '',
  }) ?? {}) as ShareContent;
  let content: ShareContent = answer;
  if (answer.promise) {
    // WeChat waits up to 3 s for the promise and otherwise shares the synchronous answer.
    const timeout = new Promise<ShareContent>((resolve) => setTimeout(() => resolve({}), 3000));
    content = { ...answer, ...(await Promise.race([answer.promise, timeout]).catch(() => ({}))) };
  }
  return {
    title: content.title ?? page.nav.title ?? '共治',
    path: content.path ?? router.currentUrl() ?? '/',
    imageUrl: content.imageUrl,
  };
}

export async function shareFrom(node: ExparserNode | null, from: 'button' | 'menu'): Promise<void> {
  const content = await shareContent(node, from);
  if (!content) {
    showToast({ title: '这个页面不能转发', icon: 'none' });
    return;
  }
  const link = linkTo(content.path);
  record('share', `转发「${content.title}」→ ${content.path}`, { ...content, link });
  shareSheet({ title: content.title, link, imageUrl: content.imageUrl });
}
