/**
 * Who the preview acts as. The local gateway trusts the `X-Dev-Openid` header, so switching
 * identity is switching that header (and, as WeChat keeps storage per user, the storage).
 * The demo identities come from the preview server (`.data/demo.json` under npm start).
 */
export type Role = 'staff' | 'committee' | 'lead' | 'resident' | 'newcomer';

export interface Identity {
  openid: string;
  role: Role;
  label: string;
}

export interface DemoIdentities {
  estateId: string;
  name: string;
  staff: string[];
  committee: string[];
  leads: string[];
  residents: string[];
  units: Array<{ unitId: string; label: string; openid?: string; code?: string }>;
}

const CURRENT_KEY = 'gongzhi-preview:identity';
const NEWCOMER_KEY = 'gongzhi-preview:newcomer';

export const ROLE_LABEL: Record<Role, string> = {
  staff: '社区工作人员',
  committee: '业委会',
  lead: '楼长',
  resident: '居民',
  newcomer: '新邻居（未绑定）',
};

let demo: DemoIdentities | null = null;
let identities: Identity[] = [];
let current = '';
const listeners: Array<(identity: string) => void> = [];

export function newcomerOpenid(fresh = false): string {
  let id = localStorage.getItem(NEWCOMER_KEY);
  if (!id || fresh) {
    id = `newcomer-${Date.now().toString(36)}`;
    localStorage.setItem(NEWCOMER_KEY, id);
  }
  return id;
}

function build(d: DemoIdentities | null): Identity[] {
  if (!d) return [{ openid: newcomerOpenid(), role: 'newcomer', label: ROLE_LABEL.newcomer }];
  const unitOf = new Map(d.units.filter((u) => u.openid).map((u) => [u.openid as string, u.label]));
  const label = (openid: string) => unitOf.get(openid) ?? openid;
  return [
    ...d.staff.map((openid) => ({
      openid,
      role: 'staff' as const,
      label: `${ROLE_LABEL.staff} ${openid.replace(/^.*-/, '')}`,
    })),
    ...d.committee.map((openid) => ({
      openid,
      role: 'committee' as const,
      label: `${ROLE_LABEL.committee} ${label(openid)}`,
    })),
    ...d.leads.map((openid) => ({
      openid,
      role: 'lead' as const,
      label: `${ROLE_LABEL.lead} ${label(openid)}`,
    })),
    ...d.residents.map((openid) => ({
      openid,
      role: 'resident' as const,
      label: `${ROLE_LABEL.resident} ${label(openid)}`,
    })),
    { openid: newcomerOpenid(), role: 'newcomer', label: ROLE_LABEL.newcomer },
  ];
}

export async function loadIdentities(): Promise<void> {
  try {
    const res = await fetch('/__preview/demo.json');
    demo = res.ok ? ((await res.json()) as DemoIdentities | null) : null;
  } catch {
    demo = null;
  }
  identities = build(demo);
  const saved = localStorage.getItem(CURRENT_KEY);
  current = saved ?? identities.find((i) => i.role === 'resident')?.openid ?? identities[0].openid;
}

export function demoEstate(): DemoIdentities | null {
  return demo;
}

export function allIdentities(): Identity[] {
  return identities;
}

export function currentIdentity(): string {
  return current;
}

export function describe(openid: string): Identity {
  return identities.find((i) => i.openid === openid) ?? { openid, role: 'newcomer', label: openid };
}

export function setIdentity(openid: string): void {
  if (openid === current) return;
  current = openid;
  localStorage.setItem(CURRENT_KEY, openid);
  if (!identities.some((i) => i.openid === openid))
    identities = [...identities, { openid, role: 'newcomer', label: openid }];
  for (const listener of listeners) listener(openid);
}

/** A brand-new unbound user (a fresh openid), for trying the binding flow again. */
export function newNewcomer(): string {
  const openid = newcomerOpenid(true);
  identities = build(demo);
  setIdentity(openid);
  return openid;
}

export function onIdentityChange(listener: (openid: string) => void): void {
  listeners.push(listener);
}
