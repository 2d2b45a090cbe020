import type { Hearing, Milestone, ProposalStatus } from '../../typings/proposal';
import type { CategoryCode } from './categories';

export interface ScopeStats {
  households: number;
  areaCenti: number;
  /** Distinct owners (multi-unit owners once). */
  heads: number;
}

export interface ProposalDoc {
  _id: string;
  estateId: string;
  authorMemberId: string;
  authorLabel: string;
  title: string;
  body: string;
  category: CategoryCode;
  /** `label`: 全小区 or the building names, fixed at creation. */
  scope: { kind: 'estate' | 'buildings'; buildingIds: string[]; label: string };
  options: string[];
  attachments: string[];
  status: ProposalStatus;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  cosignDeadline: Date | null;
  /** Frozen at publication: what the threshold is computed against. */
  scopeStats: ScopeStats | null;
  sharePercent: number | null;
  autoAdmit: boolean | null;
  admittedAt: Date | null;
  hearings: Array<Omit<Hearing, 'date'> & { date: Date }>;
  milestones: Array<Omit<Milestone, 'date'> & { date: Date }>;
  rejection: { reason: string; at: Date; by: string } | null;
  /** Set by scheduling; `mode` overrides the default (Civil Code mode for Art. 278 matters). */
  vote: { opensAt: Date; closesAt: Date; mode?: 'majority' | 'civilCode' } | null;
}

/** One co-sign per household: the id is proposal + unit, so a second one cannot be stored. */
export interface CosignDoc {
  _id: string;
  proposalId: string;
  estateId: string;
  unitId: string;
  unitLabel: string;
  buildingId: string;
  areaCenti: number;
  ownerKey: string;
  memberId: string;
  at: Date;
}

export const cosignId = (proposalId: string, unitId: string): string => `${proposalId}_${unitId}`;

export interface CosignTally {
  households: number;
  areaCenti: number;
  heads: number;
}
