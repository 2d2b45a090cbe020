import { outcomeOf, quorumOf, type Measure, type OutcomeInput } from '../../core/vote/rules';

const m = (households: number, areaCenti = households * 10000, heads = households): Measure => ({
  households,
  areaCenti,
  heads,
});

/** 赞成 / 反对 / 弃权 with the abstain option last. */
function majority(eligible: number, yes: number, no: number, abstain: number) {
  const participated = m(yes + no + abstain);
  return outcomeOf({
    mode: 'majority',
    specialMajority: false,
    eligible: m(eligible),
    participated,
    options: [m(yes), m(no), m(abstain)],
    abstainOption: 2,
  });
}

describe('majority mode: > 1/2 of households take part, > 1/2 of ballots carry', () => {
  it.each([
    // eligible, yes, no, abstain → valid, winner, households still needed
    ['exactly half took part: not valid', 10, 5, 0, 0, false, null, 1],
    ['half plus one took part: valid', 10, 6, 0, 0, true, 0, 0],
    ['odd electorate, exactly half rounded down is not enough', 9, 4, 0, 0, false, null, 1],
    ['odd electorate, just over half', 9, 5, 0, 0, true, 0, 0],
    ['exactly half of the ballots in favour does not carry', 10, 3, 3, 0, true, null, 0],
    ['half plus one of the ballots carries', 10, 4, 3, 0, true, 0, 0],
    ['abstentions count for the quorum and against the majority', 10, 3, 0, 3, true, null, 0],
    ['abstentions cannot win even with a majority of ballots', 10, 0, 1, 5, true, null, 0],
    ['zero turnout', 10, 0, 0, 0, false, null, 6],
    ['a one-household estate that votes yes', 1, 1, 0, 0, true, 0, 0],
    ['a one-household estate that has not voted', 1, 0, 0, 0, false, null, 1],
    ['the real case: 87% took part, 83% of all households approved', 100, 83, 3, 1, true, 0, 0],
  ])('%s', (_, eligible, yes, no, abstain, valid, winner, needed) => {
    const out = majority(eligible, yes, no, abstain);
    expect(out.quorum.met).toBe(valid);
    expect(out.winner).toBe(winner);
    expect(out.quorum.households.needed).toBe(needed);
  });

  it('a rejected motion: "no" carries', () => {
    expect(majority(10, 2, 5, 0).winner).toBe(1);
  });
});

/** Civil Code mode with one option in favour, one against, one abstain; measures given directly. */
function civil(input: {
  eligible: Measure;
  yes: Measure;
  no?: Measure;
  abstain?: Measure;
  special?: boolean;
}) {
  const no = input.no ?? m(0, 0, 0);
  const abstain = input.abstain ?? m(0, 0, 0);
  const participated: Measure = {
    households: input.yes.households + no.households + abstain.households,
    areaCenti: input.yes.areaCenti + no.areaCenti + abstain.areaCenti,
    heads: input.yes.heads + no.heads + abstain.heads,
  };
  const args: OutcomeInput = {
    mode: 'civilCode',
    specialMajority: input.special ?? false,
    eligible: input.eligible,
    participated,
    options: [input.yes, no, abstain],
    abstainOption: 2,
  };
  return outcomeOf(args);
}

describe('Civil Code mode: ≥ 2/3 of area and heads take part', () => {
  // 300 heads over 3,000,000.00 m² (hundredths: 300,000,000).
  const eligible = { households: 300, areaCenti: 300_000_000, heads: 300 };

  it('exactly 2/3 of the area and heads is enough ("以上" includes the bound)', () => {
    const q = quorumOf({
      mode: 'civilCode',
      eligible,
      participated: { households: 200, areaCenti: 200_000_000, heads: 200 },
    });
    expect(q).toMatchObject({
      met: true,
      area: { met: true, neededCenti: 0 },
      heads: { met: true, needed: 0 },
    });
  });

  it('one 0.01 m² short of 2/3 of the area is not', () => {
    const q = quorumOf({
      mode: 'civilCode',
      eligible,
      participated: { households: 200, areaCenti: 199_999_999, heads: 200 },
    });
    expect(q).toMatchObject({
      met: false,
      area: { met: false, neededCenti: 1 },
      heads: { met: true },
    });
  });

  it('2/3 of the area but not of the heads is not', () => {
    const q = quorumOf({
      mode: 'civilCode',
      eligible,
      participated: { households: 199, areaCenti: 250_000_000, heads: 199 },
    });
    expect(q).toMatchObject({ met: false, area: { met: true }, heads: { met: false, needed: 1 } });
  });

  it('an area not divisible by 3 rounds the bound up, exactly', () => {
    // 2/3 of 100.01 m² = 66.673…: 66.67 is short, 66.68 is enough.
    const e = { households: 3, areaCenti: 10001, heads: 3 };
    expect(
      quorumOf({
        mode: 'civilCode',
        eligible: e,
        participated: { households: 2, areaCenti: 6667, heads: 2 },
      }).area,
    ).toEqual({ met: false, neededCenti: 1 });
    expect(
      quorumOf({
        mode: 'civilCode',
        eligible: e,
        participated: { households: 2, areaCenti: 6668, heads: 2 },
      }).area,
    ).toEqual({ met: true, neededCenti: 0 });
  });
});

describe('Civil Code mode: what passes', () => {
  const eligible = { households: 100, areaCenti: 100_000_000, heads: 100 };
  const all = (yes: Measure, no: Measure, special = false) => civil({ eligible, yes, no, special });

  it('ordinary matter: more than half of the participating area AND heads', () => {
    expect(
      all(
        { households: 51, areaCenti: 50_000_001, heads: 51 },
        { households: 49, areaCenti: 49_999_999, heads: 49 },
      ).winner,
    ).toBe(0);
  });

  it('ordinary matter: exactly half of the area is not more than half ("过半" excludes the bound)', () => {
    expect(
      all(
        { households: 51, areaCenti: 50_000_000, heads: 51 },
        { households: 49, areaCenti: 50_000_000, heads: 49 },
      ).winner,
    ).toBeNull();
  });

  it('special matter (6–8): exactly 3/4 of both passes', () => {
    expect(
      all(
        { households: 75, areaCenti: 75_000_000, heads: 75 },
        { households: 25, areaCenti: 25_000_000, heads: 25 },
        true,
      ).winner,
    ).toBe(0);
  });

  it('special matter: 3/4 of the heads but one 0.01 m² short of 3/4 of the area fails', () => {
    expect(
      all(
        { households: 75, areaCenti: 74_999_999, heads: 75 },
        { households: 25, areaCenti: 25_000_001, heads: 25 },
        true,
      ).winner,
    ).toBeNull();
  });

  it('special matter: 3/4 of the area but not of the heads fails', () => {
    expect(
      all(
        { households: 74, areaCenti: 80_000_000, heads: 74 },
        { households: 26, areaCenti: 20_000_000, heads: 26 },
        true,
      ).winner,
    ).toBeNull();
  });

  it('abstentions count toward participation and against the majority', () => {
    const out = civil({
      eligible,
      yes: { households: 40, areaCenti: 40_000_000, heads: 40 },
      no: { households: 20, areaCenti: 20_000_000, heads: 20 },
      abstain: { households: 20, areaCenti: 20_000_000, heads: 20 },
    });
    expect(out.quorum.met).toBe(true);
    expect(out.winner).toBeNull(); // 40 of 80 is exactly half
  });

  it('zero turnout is neither valid nor passed', () => {
    const out = civil({ eligible, yes: { households: 0, areaCenti: 0, heads: 0 } });
    expect(out).toMatchObject({ quorum: { met: false }, winner: null });
    expect(out.quorum.area.neededCenti).toBe(66_666_667);
    expect(out.quorum.heads.needed).toBe(67);
  });

  it('a one-household estate', () => {
    const one = { households: 1, areaCenti: 8935, heads: 1 };
    expect(civil({ eligible: one, yes: one }).winner).toBe(0);
    expect(
      civil({ eligible: one, yes: { households: 0, areaCenti: 0, heads: 0 } }).quorum.met,
    ).toBe(false);
  });
});
