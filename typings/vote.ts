import type { ActionSpec, Refusal } from './api';

export type VoteStatus = 'opening' | 'open' | 'closing' | 'closed';
export type VoteMode = 'majority' | 'civilCode';

/** Households, area (0.01 m²) and heads (multi-unit owners once) of one side of the count. */
export interface MeasureView {
  households: number;
  areaCenti: number;
  /** "1,234.56 ㎡" */
  areaText: string;
  heads: number;
}

export interface OptionResult {
  index: number;
  label: string;
  support: MeasureView;
  /** Share of the ballots cast, by households and by area, one decimal: "83.0%". */
  householdPercentText: string;
  areaPercentText: string;
  passes: boolean;
}

export interface BuildingResult {
  buildingId: string;
  name: string;
  eligible: MeasureView;
  participated: MeasureView;
  /** Per option, households and area from this building. */
  options: Array<{ households: number; areaCenti: number }>;
}

/**
 * One quorum meter. `decides`: this measure counts for validity in the vote's mode (households
 * in majority mode; area and heads in Civil Code mode); the others are shown for reference.
 */
export interface QuorumMeter {
  met: boolean;
  decides: boolean;
  /** Participation as a share of the eligible, one decimal: "86.6%". */
  percentText: string;
  /** The bar the meter is held to, in words: "须过半数" or "须达三分之二以上" or "仅供参考". */
  thresholdText: string;
}

export interface QuorumView {
  met: boolean;
  /** Which measures decide in this mode and whether each is met. */
  households: QuorumMeter & { needed: number };
  area: QuorumMeter & { neededCenti: number };
  heads: QuorumMeter & { needed: number };
  /** e.g. "还需 3 户参与" or "面积已达 2/3，人数还差 4 人" — the line the page shows. */
  summary: string;
}

export interface ResultsView {
  voteId: string;
  proposalId: string;
  title: string;
  mode: VoteMode;
  /** "双过半（户数）" or "民法典第278条：面积与人数" and the majority the matter needs. */
  modeLabel: string;
  specialMajority: boolean;
  status: VoteStatus;
  opensAt: string;
  closesAt: string;
  /** true after close: the figures are the recount from the ballots. */
  final: boolean;
  eligible: MeasureView;
  participated: MeasureView;
  quorum: QuorumView;
  options: OptionResult[];
  buildings: BuildingResult[];
  /** Index of the option that carries the vote, or null. */
  winner: number | null;
  outcomeText: string;
  /** After close: the published list (receipt, room, area, choice), 50 a page, by receipt. */
  published: { rows: PublishedBallot[]; page: number; hasMore: boolean } | null;
  can: Record<'cast' | 'recordPaper' | 'close' | 'recount', true | Refusal>;
}

export interface PublishedBallot {
  receipt: string;
  /** Room labels the ballot covers (several for a multi-unit owner in Civil Code mode). */
  units: string[];
  areaText: string;
  choice: string;
  channel: 'online' | 'paper';
}

export interface MyBallot {
  voteId: string;
  /** The household (or, in Civil Code mode, the owner's units) the ballot is for. */
  units: string[];
  /** The unit that picks this ballot in `cast` and `myBallot`. */
  unitId: string;
  /** Every ballot the caller may cast in this vote (one per household or owner): usually one. */
  households: Array<{ unitId: string; label: string }>;
  /** Whether a ballot cast online may still be changed before the close (the estate's setting). */
  allowRevote: boolean;
  cast: {
    option: number;
    choice: string;
    receipt: string;
    channel: 'online' | 'paper';
    at: string;
  } | null;
  /** What the ballot page needs: the options, and whether the caller may cast (or change) now. */
  options: string[];
  can: { cast: true | Refusal };
}

/** One household (or owner) of a building on the committee's roll, with whether it has voted. */
export interface RollEntry {
  /** Picks the household in `recordPaper`. */
  unitId: string;
  /** Room labels the ballot covers (several for a multi-unit owner in Civil Code mode). */
  units: string[];
  areaText: string;
  /** Whether a ballot exists (online or paper); never which option. */
  voted: boolean;
}

export interface VoteApi {
  /** Committee (or the scheduler): opens a scheduled proposal's vote now and freezes the electorate. */
  open: ActionSpec<{ proposalId: string }, ResultsView>;
  /** One ballot per household (per owner in Civil Code mode). `unitId` picks the household when the caller has several. */
  cast: ActionSpec<{ voteId: string; option: number; unitId?: string }, MyBallot>;
  /** Committee: a paper ballot for a household, with a photo of it. */
  recordPaper: ActionSpec<
    { voteId: string; unitId: string; option: number; evidence: string },
    { receipt: string }
  >;
  /** Live while open (running tally), final after close (recount), with the published list. */
  results: ActionSpec<{ voteId: string; page?: number }, ResultsView>;
  myBallot: ActionSpec<{ voteId: string; unitId?: string }, MyBallot>;
  /** Any member, after close: is this receipt in the published list, with which choice. */
  verifyReceipt: ActionSpec<
    { voteId: string; receipt: string },
    { found: boolean; ballot: PublishedBallot | null }
  >;
  /** The scheduler at close time; the committee early only when every eligible household has voted. */
  close: ActionSpec<{ voteId: string }, ResultsView>;
  /** Committee: a building's households in the frozen electorate and whether each has voted, by room. */
  roll: ActionSpec<
    { voteId: string; buildingId: string },
    { buildingId: string; name: string; households: RollEntry[]; voted: number }
  >;
  /** Committee/staff: recompute from the ballots and compare with the running tally. */
  recount: ActionSpec<
    { voteId: string },
    { matches: boolean; ballots: number; differences: string[] }
  >;
}
