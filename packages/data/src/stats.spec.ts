import { describe, expect, it } from 'vitest';
import { FIXTURE_RELEASE } from './fixtures/support.ts';
import { formatStatsTable } from './stats-table.ts';
import { computeStats, spreadOf } from './stats.ts';
import { loadRelease } from './validate.ts';

describe('spreadOf', () => {
  it('gives the mean, interpolated median and 95th percentile, and maximum', () => {
    const spread = spreadOf([4, 1, 3, 2]);
    expect(spread).toMatchObject({ mean: 2.5, median: 2.5, max: 4 });
    expect(spread.p95).toBeCloseTo(3.85, 10);
    expect(spreadOf([7])).toEqual({ mean: 7, median: 7, p95: 7, max: 7 });
    expect(spreadOf([])).toEqual({ mean: 0, median: 0, p95: 0, max: 0 });
  });
});

describe('computeStats', () => {
  it('counts claims, evidence and rationale sizes per split', async () => {
    const stats = computeStats(await loadRelease(FIXTURE_RELEASE));
    const [train, dev, test] = stats.splits;

    expect(train).toEqual({
      split: 'train',
      claims: 3,
      evidence: {
        claimsWith: { SUPPORT: 1, CONTRADICT: 1 },
        claimsWithoutEvidence: 1,
        citedAbstracts: 3,
        evidenceAbstracts: { SUPPORT: 1, CONTRADICT: 1 },
        rationaleSets: 3,
        rationaleSentences: 4,
        rationaleSize: { histogram: { '1': 2, '2': 1 }, mean: 4 / 3, max: 2 },
      },
    });
    expect(dev.evidence).toMatchObject({ citedAbstracts: 3, rationaleSize: { mean: 2, max: 2 } });
    expect(test).toEqual({ split: 'test', claims: 2 });
  });

  it('measures abstract lengths in sentences, whitespace tokens and characters', async () => {
    const { corpus } = computeStats(await loadRelease(FIXTURE_RELEASE));

    expect(corpus.abstracts).toBe(5);
    expect(corpus.structured).toBe(1);
    expect(corpus.sentencesPerAbstract).toEqual({ mean: 11 / 5, median: 2, p95: 3, max: 3 });
    // Tokens per abstract are 20, 19, 14, 5 and 9.
    expect(corpus.tokensPerAbstract).toMatchObject({ mean: 13.4, median: 14, max: 20 });
    expect(corpus.tokensPerAbstract.p95).toBeCloseTo(19.8, 10);
    // Abstract 44 is the shortest: "Coffee raises heart rate briefly." has 33 characters.
    expect(corpus.charactersPerAbstract).toMatchObject({ mean: 80, median: 86, max: 126 });
    expect(corpus.tokensPerSentence).toMatchObject({ median: 5, max: 10 });
  });
});

describe('formatStatsTable', () => {
  it('prints one column per split and a dash where the test split has no labels', async () => {
    const table = formatStatsTable(computeStats(await loadRelease(FIXTURE_RELEASE)));
    const lines = table.split('\n');

    expect(lines[0]).toMatch(/^ +train +dev +test$/);
    expect(lines).toContain('claims                                 3    2     2');
    expect(lines).toContain('rationale sets                         3    1     -');
    expect(lines).toContain('sentences per rationale set, mean    1.3    2     -');
    expect(lines).toContain('  2 sentence(s)                        1    1     -');
    expect(lines).toContain('corpus: 5 abstracts, 1 structured  mean  median    p95  max');
    expect(lines).toContain('whitespace tokens per abstract     13.4      14   19.8   20');
  });
});
