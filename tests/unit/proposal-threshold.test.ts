import {
  cosignsNeeded,
  cosignsRemaining,
  reachesPercent,
  reachesTemporaryMeeting,
} from '../../core/proposal/threshold';

describe('co-sign threshold: ceil(10% × N)', () => {
  it.each([
    [1, 1],
    [9, 1],
    [10, 1],
    [11, 2],
    [19, 2],
    [20, 2],
    [21, 3],
    [100, 10],
    [101, 11],
    [7000, 700],
    [7001, 701],
  ])('N = %i households needs %i', (n, needed) => {
    expect(cosignsNeeded(n, 10)).toBe(needed);
  });

  it('follows a configured share exactly', () => {
    expect(cosignsNeeded(7, 15)).toBe(2); // 1.05 → 2
    expect(cosignsNeeded(20, 15)).toBe(3); // 3.0 → 3
    expect(cosignsNeeded(3, 100)).toBe(3);
    expect(cosignsNeeded(0, 10)).toBe(0);
  });

  it('never says a negative number is still needed', () => {
    expect(cosignsRemaining(3, 2)).toBe(0);
    expect(cosignsRemaining(1, 2)).toBe(1);
  });
});

describe('20% area and 20% heads (temporary owners’ meeting)', () => {
  it('includes the bound ("以上"): exactly 20% reaches it', () => {
    expect(reachesPercent({ part: 20, total: 100 }, 20)).toBe(true);
    expect(reachesPercent({ part: 19, total: 100 }, 20)).toBe(false);
  });

  it('is exact at one 0.01 m² short', () => {
    // total 1,000,000.05 m² in hundredths; 20% = 200,000.01 m².
    expect(reachesPercent({ part: 20_000_001, total: 100_000_005 }, 20)).toBe(true);
    expect(reachesPercent({ part: 20_000_000, total: 100_000_005 }, 20)).toBe(false);
  });

  it('needs both measures', () => {
    expect(reachesTemporaryMeeting({ part: 30, total: 100 }, { part: 19, total: 100 })).toBe(false);
    expect(reachesTemporaryMeeting({ part: 20, total: 100 }, { part: 20, total: 100 })).toBe(true);
    expect(reachesTemporaryMeeting({ part: 0, total: 0 }, { part: 0, total: 0 })).toBe(false);
  });
});
