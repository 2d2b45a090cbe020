import type { ActivityItem, Role } from '../../typings/api';

/** Documents as stored. Every document carries `estateId` (multi-estate tenancy). */
export interface EstateDoc {
  _id: string;
  name: string;
  district: string;
  buildings: Array<{ id: string; name: string }>;
  /** Maintained by roster import and binding, so the home page needs no count queries. */
  unitCount: number;
  boundUnitCount: number;
  createdAt: Date;
}

export interface UnitDoc {
  _id: string;
  estateId: string;
  buildingId: string;
  /** What residents call it, e.g. "1栋 1单元 302". */
  label: string;
  /** Floor area in 0.01 m² (integer), e.g. 89.35 m² → 8935. */
  areaCenti: number;
  /** Same key on several units = one owner (one head in Civil Code counts). */
  ownerKey: string;
}

export interface MemberDoc {
  _id: string;
  estateId: string;
  openid: string;
  unitIds: string[];
  unitLabels: string[];
  roles: Role[];
  /** Shown to the committee masked; never returned to other residents. */
  displayName: string;
  joinedAt: Date;
}

export interface ActivityDoc {
  _id: string;
  estateId: string;
  kind: ActivityItem['kind'];
  title: string;
  status: string;
  open: boolean;
  updatedAt: Date;
}
