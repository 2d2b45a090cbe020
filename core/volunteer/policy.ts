import type { Audience } from '../permissions';

/**
 * Who may take each `volunteer` action (see core/permissions.ts). Organiser actions are open to
 * leads, the committee and staff here; rules.ts narrows them to the task's own organiser for
 * leads (the committee and staff may step in for any task).
 */
export const VOLUNTEER_POLICY = {
  'volunteer.createTeam': { who: ['committee', 'staff'], what: '创建志愿服务队' },
  'volunteer.createTask': { who: ['lead', 'committee', 'staff'], what: '发布志愿任务' },
  'volunteer.updateTask': { who: ['lead', 'committee', 'staff'], what: '修改志愿任务' },
  'volunteer.cancelTask': { who: ['lead', 'committee', 'staff'], what: '取消志愿任务' },
  'volunteer.signup': { who: 'member' },
  'volunteer.cancelSignup': { who: 'member' },
  'volunteer.get': { who: 'member' },
  'volunteer.list': { who: 'member' },
  'volunteer.roster': { who: ['lead', 'committee', 'staff'], what: '查看报名名单' },
  'volunteer.checkinCode': { who: ['lead', 'committee', 'staff'], what: '出示签到码' },
  'volunteer.checkin': { who: 'member' },
  'volunteer.checkout': { who: 'member' },
  'volunteer.confirmHours': { who: ['lead', 'committee', 'staff'], what: '确认服务时长' },
  'volunteer.myHours': { who: 'member' },
  'volunteer.teamHours': { who: 'member' },
  'volunteer.exportRecord': { who: 'member' },
} as const satisfies Record<string, Audience>;
