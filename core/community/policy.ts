import type { Audience } from '../permissions';

/** Who may take each `community` action (see core/permissions.ts). */
export const COMMUNITY_POLICY = {
  'community.home': { who: 'member' },
  'community.me': { who: 'signedIn' },
  'community.createEstate': { who: 'officeStaff', what: '创建小区' },
  'community.importRoster': { who: ['committee', 'staff'], what: '导入房屋名册' },
  'community.issueBindingCodes': { who: ['committee', 'staff'], what: '发放绑定码' },
  'community.bind': { who: 'signedIn' },
  'community.setRole': { who: ['committee', 'staff'], what: '设置楼长和业委会成员' },
  'community.listMembers': { who: ['committee', 'staff'], what: '查看成员名单' },
  'community.leave': { who: 'member' },
} as const satisfies Record<string, Audience>;
