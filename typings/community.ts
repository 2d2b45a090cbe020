import type { ActionSpec, Refusal } from './api';

export type Role = 'resident' | 'lead' | 'committee' | 'staff';

export interface EstateSummary {
  id: string;
  name: string;
  district: string;
  buildings: number;
  units: number;
  /** Households with at least one bound member. */
  boundUnits: number;
}

/** One thing going on in the estate, as the home page lists it. */
export interface ActivityItem {
  kind: 'proposal' | 'vote' | 'campaign' | 'task';
  id: string;
  title: string;
  /** Server-computed status line, e.g. "联署中 · 还需 3 户". */
  status: string;
  /** ISO 8601 time the item was last updated; the list is newest first. */
  updatedAt: string;
}

export interface HomeData {
  estate: EstateSummary;
  /** The caller's roles in this estate; empty when not a member. */
  roles: Role[];
  /** The caller's unit labels in this estate, e.g. "1栋 1单元 302". */
  units: string[];
  activities: ActivityItem[];
  /** Counts per kind of what is open now. */
  open: Record<ActivityItem['kind'], number>;
}

export interface MyEstate {
  estate: EstateSummary;
  /** The caller's own membership id (so a member list can mark "me"). */
  memberId: string;
  roles: Role[];
  units: Array<{ id: string; label: string }>;
  /** The estate's buildings, for pickers (issuing codes per building, proposal scope). */
  buildings: Array<{ id: string; name: string }>;
  /** Roles the caller may grant or revoke with `setRole` (never on themselves). */
  grantableRoles: Array<'lead' | 'committee'>;
  /** For each action of the API: allowed (true) or why not. The UI shows or hides by this. */
  can: Record<string, true | Refusal>;
}

export interface AuditRecord {
  at: string;
  action: string;
  /** Human summary in Chinese, e.g. "绑定了 1栋1单元302". */
  summary: string;
}

export interface MeData {
  openid: string;
  estates: MyEstate[];
  /** The caller's own recent records (binding, roles, leaving), newest first. */
  records: AuditRecord[];
  /** True when the caller is on the community office's staff list (may create estates). */
  isStaff: boolean;
}

/** A roster with any bad row is refused whole (INVALID_INPUT with `details`): nothing is written. */
export interface ImportRosterData {
  added: number;
  updated: number;
  unchanged: number;
  /** Units already in the roster that the file does not mention (kept, never deleted). */
  notInFile: number;
  buildings: number;
  units: number;
}

export interface BindingCodeRow {
  unitId: string;
  building: string;
  label: string;
  code: string;
}

export interface IssueBindingCodesData {
  issued: number;
  /** Grouped by building, ordered by unit label: the printable list for building leads. */
  buildings: Array<{ building: string; codes: BindingCodeRow[] }>;
  /** The same list as CSV (楼栋,房号,绑定码) for printing. */
  csv: string;
}

export interface MemberRow {
  /** Opaque id of the membership (not the openid). */
  memberId: string;
  /** Masked, e.g. "张*" or "1栋1单元302住户". */
  name: string;
  units: string[];
  roles: Role[];
  joinedAt: string;
}

export interface CommunityApi {
  /** What the estate has going on, for the home page. Without `estateId`: the caller's first estate. */
  home: ActionSpec<{ estateId?: string }, HomeData>;
  /** Staff: a new estate; the caller becomes its staff member. */
  createEstate: ActionSpec<{ name: string; district: string }, { estateId: string }>;
  /**
   * Committee/staff: the unit roster as CSV (楼栋,房号,面积[,业主编号]); all rows or nothing.
   * Either `file`, the file's bytes in base64 (UTF-8 with or without BOM, or GBK/GB18030: the
   * server tells them apart), or `csv`, pasted text. At most ROSTER_FILE_MAX_BYTES (700 KB).
   */
  importRoster: ActionSpec<
    | { estateId: string; file: string; csv?: never }
    | { estateId: string; csv: string; file?: never },
    ImportRosterData
  >;
  /** Committee: one new one-time code per selected unit (default: units with no member yet). */
  issueBindingCodes: ActionSpec<
    { estateId: string; buildingId?: string; include?: 'unbound' | 'all' },
    IssueBindingCodesData
  >;
  /** Anyone signed in: become a member of the code's unit. */
  bind: ActionSpec<{ code: string }, { estateId: string; unitId: string; label: string }>;
  /** My estates, units, roles, what I may do, and my records. */
  me: ActionSpec<Record<string, never>, MeData>;
  /** Committee grants/revokes `lead`; staff grants/revokes `lead` and `committee`; never oneself. */
  setRole: ActionSpec<
    { estateId: string; memberId: string; role: 'lead' | 'committee'; grant: boolean },
    { roles: Role[] }
  >;
  /** Committee/staff: members with masked names, paged by 50. */
  listMembers: ActionSpec<
    { estateId: string; page?: number },
    { members: MemberRow[]; total: number }
  >;
  /** Leave an estate: the membership and its roles end. */
  leave: ActionSpec<{ estateId: string }, { left: true }>;
}
