import type { ActivityItem, Role } from '../../typings/api';

/** Documents as stored. Every document carries `estateId` (multi-estate tenancy). */

export interface EstateSettings {
  /** Share of households in scope whose co-signs admit a proposal, in percent (default 10). */
  cosignSharePercent: number;
  /** Admit a proposal as soon as it reaches the share (else it awaits the committee). */
  autoAdmit: boolean;
  /** May a household change its ballot while the vote is open. */
  allowRevote: boolean;
}

export const DEFAULT_SETTINGS: EstateSettings = {
  cosignSharePercent: 10,
  autoAdmit: true,
  allowRevote: false,
};

export interface EstateDoc {
  _id: string;
  name: string;
  district: string;
  buildings: Array<{ id: string; name: string }>;
  /** Maintained by roster import (its only writer). */
  unitCount: number;
  settings: EstateSettings;
  createdBy: string;
  createdAt: Date;
}

export interface UnitDoc {
  _id: string;
  estateId: string;
  buildingId: string;
  /** As written in the roster: "1栋" and "1单元302". */
  building: string;
  room: string;
  /** What residents call it: "1栋1单元302". */
  label: string;
  /** Floor area in 0.01 m² (integer), e.g. 89.35 m² → 8935. */
  areaCenti: number;
  /** Same key on several units = one owner (one head in Civil Code counts). */
  ownerKey: string;
  /** Bound members (family members share one household). */
  memberCount: number;
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

export interface BindingCodeDoc {
  /** The code itself: a bind is one get. */
  _id: string;
  estateId: string;
  unitId: string;
  issuedBy: string;
  issuedAt: Date;
  /** null until used; then who and when. */
  usedBy: string | null;
  usedAt: Date | null;
  /** Set when a newer code for the unit replaced this one before it was used. */
  revokedAt: Date | null;
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
