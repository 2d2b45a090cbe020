import type { VoteMode, VoteStatus } from '../../typings/vote';
import type { CategoryCode } from '../proposal/categories';
import type { Measure } from './rules';

/** One vote per proposal: the id is derived from it, so it can never be opened twice. */
export const voteIdOf = (proposalId: string): string => `v_${proposalId}`;

/** Running-tally shards: casts spread over them so concurrent transactions rarely collide. */
export const SHARDS = 32;
export const shardId = (voteId: string, k: number): string => `${voteId}_s${k}`;

export interface BuildingElectorate {
  buildingId: string;
  name: string;
  eligible: Measure;
}

export interface FinalResult {
  participated: Measure;
  options: Measure[];
  buildings: Array<{
    buildingId: string;
    participated: Measure;
    options: Array<{ households: number; areaCenti: number }>;
  }>;
  winner: number | null;
  /** Whether the running tally agreed with the recount from the ballots at close. */
  tallyMatched: boolean;
}

export interface VoteDoc {
  _id: string;
  estateId: string;
  proposalId: string;
  title: string;
  category: CategoryCode;
  options: string[];
  abstainOption: number | null;
  mode: VoteMode;
  specialMajority: boolean;
  allowRevote: boolean;
  status: VoteStatus;
  opensAt: Date;
  closesAt: Date;
  /** When opening or closing began: a run that died midway is resumed once this is stale. */
  transitionAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
  /** Frozen at opening. */
  eligible: Measure;
  /** Ballot slots: households (majority mode) or owners (Civil Code mode). */
  slots: number;
  buildings: BuildingElectorate[];
  final: FinalResult | null;
}

export interface SlotUnit {
  unitId: string;
  label: string;
  buildingId: string;
  areaCenti: number;
}

/**
 * Who may cast one ballot, frozen at opening: a household in majority mode, an owner (all
 * their units) in Civil Code mode. Later roster changes do not move it.
 */
export interface SlotDoc {
  _id: string;
  voteId: string;
  slotKey: string;
  unitIds: string[];
  units: SlotUnit[];
  areaCenti: number;
}

export interface BallotDoc {
  /** vote + slot: a household (or owner) can never have two, whatever the channel. */
  _id: string;
  voteId: string;
  estateId: string;
  slotKey: string;
  option: number;
  units: SlotUnit[];
  areaCenti: number;
  receipt: string;
  channel: 'online' | 'paper';
  /** The membership that cast it online; null for paper ballots. */
  castBy: string | null;
  /** The committee member who recorded a paper ballot, and its photo. */
  recordedBy: string | null;
  evidence: string | null;
  castAt: Date;
}

/** Increments of one ballot to the running tally: `o<option>` totals and per building. */
export interface TallyShardDoc {
  _id: string;
  voteId: string;
  options: Record<string, { households: number; areaCenti: number; heads: number }>;
  buildings: Record<string, Record<string, { households: number; areaCenti: number }>>;
}
