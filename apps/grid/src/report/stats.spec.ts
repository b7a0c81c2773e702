import { describe, expect, it } from 'vitest';
import { fiveNumbers, mean, mostCommon, sampleStd, spreadOf } from './stats.ts';

describe('stats', () => {
  it('takes the sample standard deviation, with n − 1 in the denominator', () => {
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.13809, 5);
    expect(sampleStd([0.2, 0.4])).toBeCloseTo(Math.SQRT2 / 10, 12);
  });

  it('has no standard deviation below two values', () => {
    expect(sampleStd([0.3])).toBeNull();
    expect(spreadOf([0.3])).toEqual({ mean: 0.3, std: null, values: [0.3] });
  });

  it('averages', () => {
    expect(mean([0.1, 0.2, 0.6])).toBeCloseTo(0.3, 12);
    expect(mean([])).toBeNaN();
  });

  it('takes the most common value, the lowest among equally common ones', () => {
    expect(mostCommon([0.5, 0.4, 0.5])).toBe(0.5);
    expect(mostCommon([0.6, 0.4])).toBe(0.4);
  });

  it('gives min, quartiles and max for a boxplot', () => {
    expect(fiveNumbers([4, 1, 3, 2, 5])).toEqual([1, 2, 3, 4, 5]);
    expect(fiveNumbers([10, 20])).toEqual([10, 12.5, 15, 17.5, 20]);
  });
});
