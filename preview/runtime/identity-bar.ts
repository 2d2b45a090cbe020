/**
 * The bar above the phone: who you are (every demo identity, grouped by role, plus an unbound
 * newcomer), one-click buttons for the first of each role, and the link to the page on screen.
 */
import {
  ROLE_LABEL,
  allIdentities,
  currentIdentity,
  demoEstate,
  describe,
  newNewcomer,
  setIdentity,
  type Role,
} from './identity';
import { element as el, identityBar } from './shell';
import { formatChina } from '../../miniprogram/shared/china-time';
import { copyText, showModal } from './ui';
import { wechatClient } from './wx/network';

const ROLES: Role[] = ['staff', 'committee', 'lead', 'resident', 'newcomer'];

let linkInput: HTMLInputElement;
let select: HTMLSelectElement;
let whoEl: HTMLElement;

export function renderIdentityBar(): void {
  const bar = identityBar();
  const estate = demoEstate();
  select = el('select', {
    class: 'pv-bar__select',
    'data-testid': 'identity-select',
    'aria-label': '身份',
  });
  for (const role of ROLES) {
    const group = el('optgroup', { label: ROLE_LABEL[role] });
    for (const identity of allIdentities().filter((i) => i.role === role))
      group.append(el('option', { value: identity.openid }, identity.label));
    if (group.childElementCount) select.append(group);
  }
  select.addEventListener('change', () => setIdentity(select.value));

  const quick = el('div', { class: 'pv-bar__quick' });
  for (const role of ROLES) {
    const first = allIdentities().find((i) => i.role === role);
    if (!first) continue;
    const button = el(
      'button',
      { class: 'pv-bar__button', 'data-testid': `as-${role}`, title: first.openid },
      ROLE_LABEL[role],
    );
    button.addEventListener('click', () => setIdentity(first.openid));
    quick.append(button);
  }
  const fresh = el(
    'button',
    {
      class: 'pv-bar__button pv-bar__button--plain',
      'data-testid': 'as-new-newcomer',
      title: '换一个从未绑定过的新用户',
    },
    '＋新用户',
  );
  fresh.addEventListener('click', () => {
    newNewcomer();
    renderIdentityBar();
  });
  quick.append(fresh);

  linkInput = el('input', {
    class: 'pv-bar__link',
    readonly: '',
    'data-testid': 'page-link',
    'aria-label': '当前页面链接',
  });
  const copy = el('button', { class: 'pv-bar__button pv-bar__button--plain' }, '复制链接');
  copy.addEventListener('click', () => void copyText(linkInput.value));
  whoEl = el('span', { class: 'pv-bar__who', 'data-testid': 'identity-current' });
  // WeChat's 服务通知: the subscription messages WeChat (the local CloudBase) delivered to me.
  const inbox = el(
    'button',
    { class: 'pv-bar__button pv-bar__button--plain', 'data-testid': 'service-messages' },
    '服务通知',
  );
  inbox.addEventListener('click', () => void showServiceMessages());

  bar.replaceChildren(
    el('strong', { class: 'pv-bar__brand' }, `共治 preview${estate ? ` · ${estate.name}` : ''}`),
    el('label', { class: 'pv-bar__field' }, '身份 ', select),
    quick,
    whoEl,
    inbox,
    el('span', { class: 'pv-bar__spacer' }),
    linkInput,
    copy,
  );
  updateIdentityBar();
}

/** Reflects the current identity and page link. */
export function updateIdentityBar(): void {
  if (!select) return;
  const current = currentIdentity();
  if (![...select.options].some((o) => o.value === current))
    select.append(el('option', { value: current }, describe(current).label));
  select.value = current;
  whoEl.textContent = current;
  for (const button of identityBar().querySelectorAll<HTMLButtonElement>(
    '.pv-bar__button[data-testid^="as-"]',
  ))
    button.classList.toggle('pv-bar__button--active', button.title === current);
  linkInput.value = location.href;
}

/** Lists what WeChat delivered to the current identity, newest first, as WeChat's 服务通知 does. */
async function showServiceMessages(): Promise<void> {
  const { answer } = await wechatClient('messages');
  const messages = (answer.messages ?? []) as Array<{ title: string; lines: string[]; at: string }>;
  await showModal({
    title: `服务通知（${messages.length}）`,
    content:
      messages
        .slice(0, 10)
        .map((m) => `${m.title} · ${formatChina(m.at, 'M月D日 HH:mm')}\n${m.lines.join('\n')}`)
        .join('\n\n') || '还没有收到服务通知',
    showCancel: false,
  });
}
