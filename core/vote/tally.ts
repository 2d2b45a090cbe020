import type { BallotDoc, FinalResult, TallyShardDoc, VoteDoc } from './model';
import type { Measure } from './rules';

/**
 * The running tally is spread over shard documents; a cast adds its ballot to one shard in
 * the same transaction as the ballot itself, so the tally is exact and never half-applied.
 * The recount adds up the ballots themselves; at close the recount is what is published.
 */
export interface Counts {
  participated: Measure;
  options: Measure[];
  buildings: FinalResult['buildings'];
}

const zero = (): Measure => ({ households: 0, areaCenti: 0, heads: 0 });

function add(into: Measure, m: Measure, sign = 1): void {
  into.households += sign * m.households;
  into.areaCenti += sign * m.areaCenti;
  into.heads += sign * m.heads;
}

/** The shard update (dotted paths with `inc`) that adds (+1) or removes (-1) a ballot. */
export function shardIncrements(
  ballot: Pick<BallotDoc, 'option' | 'units' | 'areaCenti'>,
  sign: 1 | -1,
  inc: (n: number) => unknown,
): Record<string, unknown> {
  const o = `o${ballot.option}`;
  const update: Record<string, unknown> = {
    [`options.${o}.households`]: inc(sign * ballot.units.length),
    [`options.${o}.areaCenti`]: inc(sign * ballot.areaCenti),
    [`options.${o}.heads`]: inc(sign),
  };
  const perBuilding = new Map<string, { households: number; areaCenti: number }>();
  for (const u of ballot.units) {
    const b = perBuilding.get(u.buildingId) ?? { households: 0, areaCenti: 0 };
    b.households += 1;
    b.areaCenti += u.areaCenti;
    perBuilding.set(u.buildingId, b);
  }
  for (const [buildingId, b] of perBuilding) {
    update[`buildings.${buildingId}.${o}.households`] = inc(sign * b.households);
    update[`buildings.${buildingId}.${o}.areaCenti`] = inc(sign * b.areaCenti);
  }
  return update;
}

function emptyCounts(vote: Pick<VoteDoc, 'options' | 'buildings'>): Counts {
  return {
    participated: zero(),
    options: vote.options.map(zero),
    buildings: vote.buildings.map((b) => ({
      buildingId: b.buildingId,
      participated: zero(),
      options: vote.options.map(() => ({ households: 0, areaCenti: 0 })),
    })),
  };
}

/** Adds up the running-tally shards. */
export function sumShards(
  vote: Pick<VoteDoc, 'options' | 'buildings'>,
  shards: TallyShardDoc[],
): Counts {
  const counts = emptyCounts(vote);
  for (const shard of shards) {
    counts.options.forEach((m, i) => {
      const s = shard.options?.[`o${i}`];
      if (s)
        add(m, { households: s.households ?? 0, areaCenti: s.areaCenti ?? 0, heads: s.heads ?? 0 });
    });
    for (const b of counts.buildings) {
      const s = shard.buildings?.[b.buildingId];
      if (!s) continue;
      b.options.forEach((m, i) => {
        m.households += s[`o${i}`]?.households ?? 0;
        m.areaCenti += s[`o${i}`]?.areaCenti ?? 0;
      });
    }
  }
  return withTotals(counts);
}

/** Recount: the same figures from the ballots themselves. */
export function countBallots(
  vote: Pick<VoteDoc, 'options' | 'buildings'>,
  ballots: BallotDoc[],
): Counts {
  const counts = emptyCounts(vote);
  for (const ballot of ballots) {
    const m = counts.options[ballot.option];
    if (!m) continue;
    add(m, { households: ballot.units.length, areaCenti: ballot.areaCenti, heads: 1 });
    for (const u of ballot.units) {
      const b = counts.buildings.find((x) => x.buildingId === u.buildingId);
      if (!b) continue;
      b.options[ballot.option].households += 1;
      b.options[ballot.option].areaCenti += u.areaCenti;
    }
  }
  return withTotals(counts);
}

function withTotals(counts: Counts): Counts {
  for (const m of counts.options) add(counts.participated, m);
  for (const b of counts.buildings) {
    for (const o of b.options) {
      b.participated.households += o.households;
      b.participated.areaCenti += o.areaCenti;
    }
  }
  return counts;
}

/** Where the running tally and the recount disagree, in words for the committee. */
export function differences(
  vote: Pick<VoteDoc, 'options'>,
  running: Counts,
  recount: Counts,
): string[] {
  const out: string[] = [];
  vote.options.forEach((label, i) => {
    const a = running.options[i];
    const b = recount.options[i];
    if (a.households !== b.households || a.areaCenti !== b.areaCenti || a.heads !== b.heads) {
      out.push(`「${label}」计票 ${a.households} 户 / 重新计票 ${b.households} 户`);
    }
  });
  return out;
}
