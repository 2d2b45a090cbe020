import { ceilDiv, floorDiv } from '../intmath';

/**
 * When a vote is valid and what passes — DESIGN §1 "Voting", Civil Code Art. 278. All
 * comparisons are cross products of integers (households, 0.01 m², heads): never a division,
 * never floating point. "以上" includes the bound (≥), "过半" excludes it (>).
 */

export type VoteMode = 'majority' | 'civilCode';

/** Totals of one side: the electorate, the participants, or the supporters of one option. */
export interface Measure {
  households: number;
  areaCenti: number;
  heads: number;
}

export interface OutcomeInput {
  mode: VoteMode;
  /** Matters 6–8 of Art. 278 (Civil Code mode only). */
  specialMajority: boolean;
  eligible: Measure;
  /** Everyone who cast a ballot, abstentions included. */
  participated: Measure;
  /** Per option, in ballot order. */
  options: Measure[];
  /** The index of the abstain option (弃权), which can never carry the vote. */
  abstainOption: number | null;
}

export interface Quorum {
  met: boolean;
  households: { met: boolean; needed: number };
  area: { met: boolean; neededCenti: number };
  heads: { met: boolean; needed: number };
}

export interface Outcome {
  quorum: Quorum;
  /** Per option: whether it reached the majority the matter needs. */
  passes: boolean[];
  /** The option that carries the vote (only when the quorum is met), else null. */
  winner: number | null;
}

/** How many more are needed, from a (possibly negative) shortfall. */
const more = (shortfall: number): number => Math.max(0, shortfall);

function moreThanHalf(part: number, total: number): boolean {
  return 2 * part > total;
}
function atLeastTwoThirds(part: number, total: number): boolean {
  return 3 * part >= 2 * total;
}
function atLeastThreeQuarters(part: number, total: number): boolean {
  return 4 * part >= 3 * total;
}

export function quorumOf(input: Pick<OutcomeInput, 'mode' | 'eligible' | 'participated'>): Quorum {
  const { eligible: e, participated: p } = input;
  // Majority mode: more than half of the eligible households took part.
  const householdsNeeded = floorDiv(e.households, 2) + 1 - p.households;
  // Civil Code mode: ≥ 2/3 of the area and ≥ 2/3 of the heads took part.
  const areaNeeded = ceilDiv(2 * e.areaCenti, 3) - p.areaCenti;
  const headsNeeded = ceilDiv(2 * e.heads, 3) - p.heads;
  const households = {
    met: moreThanHalf(p.households, e.households),
    needed: more(householdsNeeded),
  };
  const area = { met: atLeastTwoThirds(p.areaCenti, e.areaCenti), neededCenti: more(areaNeeded) };
  const heads = { met: atLeastTwoThirds(p.heads, e.heads), needed: more(headsNeeded) };
  const met = input.mode === 'majority' ? households.met : area.met && heads.met;
  return { met, households, area, heads };
}

export function outcomeOf(input: OutcomeInput): Outcome {
  const quorum = quorumOf(input);
  const p = input.participated;
  const passes = input.options.map((o, i) => {
    if (i === input.abstainOption) return false;
    if (input.mode === 'majority') return moreThanHalf(o.households, p.households);
    if (input.specialMajority)
      return (
        atLeastThreeQuarters(o.areaCenti, p.areaCenti) && atLeastThreeQuarters(o.heads, p.heads)
      );
    return moreThanHalf(o.areaCenti, p.areaCenti) && moreThanHalf(o.heads, p.heads);
  });
  // More than half (or 3/4) can hold for one option only, so the winner is unambiguous.
  const winner = quorum.met ? passes.findIndex(Boolean) : -1;
  return { quorum, passes, winner: winner >= 0 ? winner : null };
}
