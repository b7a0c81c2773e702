import { describe, expect, it } from 'vitest';
import { checkLabelledSplit, countAsked, resolveOptions } from './options.ts';

describe('countAsked', () => {
  it('is floor(ratio x positives)', () => {
    expect(countAsked(0.3, 589)).toBe(176);
    expect(countAsked(0.2, 589)).toBe(117);
    expect(countAsked(0.5, 589)).toBe(294);
    expect(countAsked(0, 589)).toBe(0);
    expect(countAsked(10, 3)).toBe(30);
  });

  it('is not thrown off by floating point', () => {
    expect(0.29 * 100).toBeLessThan(29);
    expect(countAsked(0.29, 100)).toBe(29);
    expect(countAsked(0.3, 10)).toBe(3);
  });
});

describe('resolveOptions', () => {
  it('fills in the optional kinds as off', () => {
    expect(resolveOptions({ strategy: 'random', ratio: 0.3, seed: 42 })).toEqual({
      strategy: 'random',
      ratio: 0.3,
      seed: 42,
      citedNegatives: false,
      bm25PositivesNegatives: 0,
    });
  });

  it('names an unknown strategy and the known ones', () => {
    expect(() => resolveOptions({ strategy: 'tfidf' as never, ratio: 0.3, seed: 1 })).toThrow(
      "unknown strategy 'tfidf'; expected one of random, lexical, bm25",
    );
  });

  it('rejects ratios outside [0, 10]', () => {
    expect(() => resolveOptions({ strategy: 'random', ratio: 10.5, seed: 1 })).toThrow(
      'ratio: expected a ratio within [0, 10]; received 10.5',
    );
    expect(() => resolveOptions({ strategy: 'random', ratio: -0.1, seed: 1 })).toThrow(
      'received -0.1',
    );
    expect(() =>
      resolveOptions({ strategy: 'random', ratio: 0.3, seed: 1, bm25PositivesNegatives: NaN }),
    ).toThrow('bm25-positives-negatives: expected a ratio within [0, 10]; received NaN');
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => resolveOptions({ strategy: 'random', ratio: 0.3, seed: 0.5 })).toThrow(
      'seed: expected an integer; received 0.5',
    );
  });
});

describe('checkLabelledSplit', () => {
  it('takes train, dev and the carved splits, and refuses test, whose labels are hidden', () => {
    for (const split of ['train', 'dev', 'fit', 'validation']) {
      expect(checkLabelledSplit(split)).toBe(split);
    }
    expect(() => checkLabelledSplit('test')).toThrow(
      "split 'test' cannot give examples; expected one of train, dev, fit, validation",
    );
    expect(() => checkLabelledSplit('Fit')).toThrow("split 'Fit' cannot give examples");
  });
});
