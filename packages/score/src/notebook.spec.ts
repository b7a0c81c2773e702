import { describe, expect, it } from 'vitest';
import { goldClaim, prediction } from './fixtures/claims.ts';
import { compareRationale } from './notebook.ts';
import { scorePredictions } from './score.ts';

describe('compareRationale', () => {
  it('counts overlap, extra predicted and missed gold sentences, a repeat once', () => {
    expect(compareRationale([0, 1], [1, 4, 5, 4])).toEqual({
      truePositives: 1,
      falsePositives: 2,
      falseNegatives: 1,
    });
  });
});

describe("the notebook's metric", () => {
  const gold = [
    goldClaim(1, { '7': { label: 'SUPPORT', sets: [[0, 1]] } }),
    goldClaim(2, { '8': { label: 'CONTRADICT', sets: [[2], [5]] } }),
    goldClaim(3),
  ];

  it('is perfect on a perfect single-set prediction', () => {
    const { notebook } = scorePredictions(gold.slice(0, 1), [
      prediction(1, { '7': { sentences: [1, 0], label: 'SUPPORT' } }),
    ]);

    expect(notebook).toEqual({
      precision: 1,
      recall: 1,
      f1: 1,
      abstract_f1: 1,
      label_accuracy: 1,
    });
  });

  it('compares each gold set of an abstract with the whole prediction', () => {
    // Gold sets {2} and {5}, predicted {2, 5}: against {2}, 5 is a false positive, and
    // against {5}, 2 is: 2 true positives, 2 false positives, no false negatives.
    const { notebook } = scorePredictions(gold.slice(1, 2), [
      prediction(2, { '8': { sentences: [2, 5, 5], label: 'CONTRADICT' } }),
    ]);

    expect(notebook.precision).toBe(0.5);
    expect(notebook.recall).toBe(1);
  });

  it('gives no sentence credit for an abstract with the wrong label', () => {
    const { notebook } = scorePredictions(gold, [
      prediction(1, { '7': { sentences: [0, 1], label: 'CONTRADICT' } }),
      prediction(2, { '8': { sentences: [2], label: 'CONTRADICT' } }),
    ]);

    // Claim 1 misses 2 sentences; claim 2 finds {2} and misses {5}: 1 of 4 gold sentences,
    // with 1 false positive (2 against the set {5}).
    expect(notebook.recall).toBe(1 / 4);
    expect(notebook.precision).toBe(1 / 2);
    expect(notebook.abstract_f1).toBe(1);
    expect(notebook.label_accuracy).toBe(1 / 2);
  });

  it('charges nothing for predictions on claims without evidence', () => {
    const alone = scorePredictions(gold, [
      prediction(1, { '7': { sentences: [0, 1], label: 'SUPPORT' } }),
    ]).notebook;
    const withExtra = scorePredictions(gold, [
      prediction(1, { '7': { sentences: [0, 1], label: 'SUPPORT' } }),
      prediction(3, { '9': { sentences: [0, 1, 2], label: 'SUPPORT' } }),
    ]).notebook;

    expect(withExtra).toEqual(alone);
    expect(alone.precision).toBe(1);
    expect(alone.recall).toBe(1 / 2);
  });

  it('charges a non-gold abstract of a claim with evidence to abstract F1 only', () => {
    const { notebook } = scorePredictions(gold.slice(0, 1), [
      prediction(1, {
        '7': { sentences: [0, 1], label: 'SUPPORT' },
        '9': { sentences: [3], label: 'SUPPORT' },
        '10': { sentences: [3], label: 'NOT_ENOUGH_INFO' },
      }),
    ]);

    expect(notebook.precision).toBe(1);
    expect(notebook.abstract_f1).toBeCloseTo(2 / 3, 15);
  });

  it('is 0 everywhere with no predictions', () => {
    expect(scorePredictions(gold, []).notebook).toEqual({
      precision: 0,
      recall: 0,
      f1: 0,
      abstract_f1: 0,
      label_accuracy: 0,
    });
  });
});
