import { describe, expect, it } from 'vitest';
import { computeF1, divideSafely, scoreCounts } from './metrics.ts';

describe('scoreCounts', () => {
  it('gives the official worked example: P 1/5, R 1/4, F1 2/9', () => {
    const score = scoreCounts({ correct: 1, retrieved: 5, relevant: 4 });

    expect(score.precision).toBe(1 / 5);
    expect(score.recall).toBe(1 / 4);
    expect(score.f1).toBeCloseTo(2 / 9, 15);
    expect(score).toMatchObject({ correct: 1, retrieved: 5, relevant: 4 });
  });

  it('is 0 everywhere when nothing was retrieved or nothing is relevant', () => {
    expect(scoreCounts({ correct: 0, retrieved: 0, relevant: 0 })).toEqual({
      precision: 0,
      recall: 0,
      f1: 0,
      correct: 0,
      retrieved: 0,
      relevant: 0,
    });
    expect(scoreCounts({ correct: 0, retrieved: 3, relevant: 0 }).f1).toBe(0);
  });

  it('lists its fields in the order of metrics.json', () => {
    expect(Object.keys(scoreCounts({ correct: 1, retrieved: 2, relevant: 3 }))).toEqual([
      'precision',
      'recall',
      'f1',
      'correct',
      'retrieved',
      'relevant',
    ]);
  });
});

describe('divideSafely and computeF1', () => {
  it('return 0 for a zero denominator instead of NaN', () => {
    expect(divideSafely(0, 0)).toBe(0);
    expect(divideSafely(3, 0)).toBe(0);
    expect(computeF1(0, 0)).toBe(0);
  });

  it('compute the harmonic mean', () => {
    expect(divideSafely(1, 4)).toBe(0.25);
    expect(computeF1(0.5, 0.5)).toBe(0.5);
    expect(computeF1(1, 0.5)).toBeCloseTo(2 / 3, 15);
  });
});
