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

export interface QuorumView {
  met: boolean;
  /** Which measures decide in this mode and whether each is met. */
  households: { met: boolean; needed: number; percentText: string };
  area: { met: boolean; neededCenti: number; percentText: string };
  heads: { met: boolean; needed: number; percentText: string };
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
  /** Committee/staff: recompute from the ballots and compare with the running tally. */
  recount: ActionSpec<
    { voteId: string },
    { matches: boolean; ballots: number; differences: string[] }
  >;
}
