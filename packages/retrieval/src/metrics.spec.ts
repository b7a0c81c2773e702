import { describe, expect, it } from 'vitest';
import { hitAllAt, hitOneAt, ndcgAt, recallAt } from './metrics.ts';

const relevant = new Set([10, 20]);

describe('ranking metrics', () => {
  it('recall counts the relevant abstracts within the cutoff', () => {
    expect(recallAt([10, 5, 20], relevant, 1)).toBe(0.5);
    expect(recallAt([10, 5, 20], relevant, 3)).toBe(1);
    expect(recallAt([10, 10, 5], relevant, 3)).toBe(0.5);
    expect(recallAt([10], new Set(), 3)).toBe(0);
  });

  it('nDCG discounts a hit at rank r by log2(r + 1) against the ideal ranking', () => {
    expect(ndcgAt([10, 20, 5], relevant, 10)).toBe(1);
    const ideal = 1 + 1 / Math.log2(3);
    expect(ndcgAt([5, 10, 20], relevant, 10)).toBeCloseTo((1 / Math.log2(3) + 0.5) / ideal, 12);
    expect(ndcgAt([5, 10], relevant, 1)).toBe(0);
    expect(ndcgAt([5], new Set(), 10)).toBe(0);
  });

  it('VeriSci hits count a claim with nothing to find as a hit', () => {
    expect(hitOneAt([1, 2, 3], new Set(), 3)).toBe(true);
    expect(hitAllAt([1, 2, 3], new Set(), 3)).toBe(true);
    expect(hitOneAt([1, 20, 3], relevant, 3)).toBe(true);
    expect(hitAllAt([1, 20, 3], relevant, 3)).toBe(false);
    expect(hitOneAt([1, 2, 3, 10], relevant, 3)).toBe(false);
  });
});
