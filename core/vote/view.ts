import type { Refusal, Role } from '../../typings/api';
import type { MeasureView, PublishedBallot, QuorumView, ResultsView } from '../../typings/vote';
import { areaText, percentText } from '../format';
import { decide } from '../permissions';
import { castRefusal } from './cast';
import { outcomeText } from './lifecycle';
import type { BallotDoc, VoteDoc } from './model';
import { outcomeOf, type Measure, type Quorum } from './rules';
import type { Counts } from './tally';

const measure = (m: Measure): MeasureView => ({ ...m, areaText: areaText(m.areaCenti) });

function quorumView(vote: VoteDoc, q: Quorum, participated: Measure): QuorumView {
  const e = vote.eligible;
  let summary: string;
  if (vote.mode === 'majority') {
    summary = q.households.met ? '参与户数已过半，表决有效' : `还需 ${q.households.needed} 户参与`;
  } else if (q.met) {
    summary = '参与面积和人数均已达三分之二，表决有效';
  } else {
    const parts = [
      q.area.met ? '' : `面积还差 ${areaText(q.area.neededCenti)}`,
      q.heads.met ? '' : `人数还差 ${q.heads.needed} 人`,
    ].filter(Boolean);
    summary = `${q.area.met ? '面积已达三分之二，' : q.heads.met ? '人数已达三分之二，' : ''}${parts.join('，')}`;
  }
  // Majority mode counts households; Civil Code mode counts area and heads. The other measures
  // are shown for reference, and say so.
  const civil = vote.mode === 'civilCode';
  const meter = (decides: boolean, bar: string, part: number, total: number) => ({
    decides,
    thresholdText: decides ? bar : '仅供参考',
    percentText: percentText(part, total),
  });
  return {
    met: q.met,
    households: {
      ...q.households,
      ...meter(!civil, '须过半数', participated.households, e.households),
    },
    area: { ...q.area, ...meter(civil, '须达三分之二以上', participated.areaCenti, e.areaCenti) },
    heads: { ...q.heads, ...meter(civil, '须达三分之二以上', participated.heads, e.heads) },
    summary,
  };
}

export function publishedRow(vote: VoteDoc, b: BallotDoc): PublishedBallot {
  return {
    receipt: b.receipt,
    units: b.units.map((u) => u.label),
    areaText: areaText(b.areaCenti),
    choice: vote.options[b.option],
    channel: b.channel,
  };
}

/**
 * What the results page shows, all computed here: both quorum meters, support per option by
 * households and by area, per building, the outcome, and "还需 N 户参与".
 */
export function resultsView(
  vote: VoteDoc,
  counts: Counts,
  caller: { openid: string; roles: readonly Role[] },
  now: Date,
  published: ResultsView['published'],
): ResultsView {
  const outcome = outcomeOf({
    mode: vote.mode,
    specialMajority: vote.specialMajority,
    eligible: vote.eligible,
    participated: counts.participated,
    options: counts.options,
    abstainOption: vote.abstainOption,
  });
  const p = counts.participated;
  const role = (action: 'vote.recordPaper' | 'vote.close' | 'vote.recount') =>
    decide(action, caller);
  const open = castRefusal(vote, now);
  const allVoted = counts.participated.heads >= vote.slots;
  const closable: true | Refusal =
    vote.status !== 'open'
      ? { code: 'INVALID_STATE', message: '表决不在进行中' }
      : allVoted || now >= vote.closesAt
        ? true
        : { code: 'INVALID_STATE', message: '还有住户没有投票，不能提前结束' };
  const all = (...checks: Array<true | Refusal>) => checks.find((c) => c !== true) ?? true;
  return {
    voteId: vote._id,
    proposalId: vote.proposalId,
    title: vote.title,
    mode: vote.mode,
    modeLabel:
      vote.mode === 'majority'
        ? '按户表决：过半数住户参与，参与票数过半通过'
        : `民法典第二百七十八条：面积与人数双三分之二参与，${vote.specialMajority ? '双四分之三' : '双过半'}同意`,
    specialMajority: vote.specialMajority,
    status: vote.status,
    opensAt: new Date(vote.opensAt).toISOString(),
    closesAt: new Date(vote.closesAt).toISOString(),
    final: vote.status === 'closed',
    eligible: measure(vote.eligible),
    participated: measure(p),
    quorum: quorumView(vote, outcome.quorum, p),
    options: vote.options.map((label, i) => ({
      index: i,
      label,
      support: measure(counts.options[i]),
      householdPercentText: percentText(counts.options[i].households, p.households),
      areaPercentText: percentText(counts.options[i].areaCenti, p.areaCenti),
      passes: outcome.passes[i],
    })),
    buildings: vote.buildings.map((b) => {
      const c = counts.buildings.find((x) => x.buildingId === b.buildingId);
      return {
        buildingId: b.buildingId,
        name: b.name,
        eligible: measure(b.eligible),
        participated: measure({
          households: c?.participated.households ?? 0,
          areaCenti: c?.participated.areaCenti ?? 0,
          heads: 0,
        }),
        options: c?.options ?? vote.options.map(() => ({ households: 0, areaCenti: 0 })),
      };
    }),
    winner: vote.status === 'closed' ? outcome.winner : null,
    outcomeText:
      vote.status === 'closed'
        ? outcomeText(vote, outcome.quorum.met)
        : '表决进行中，结果以截止后重新计票为准',
    published,
    can: {
      cast: open,
      recordPaper: all(role('vote.recordPaper'), open),
      close: all(role('vote.close'), closable),
      recount: role('vote.recount'),
    },
  };
}
