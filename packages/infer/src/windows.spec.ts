import { describe, expect, it } from 'vitest';
import { combineWindows, type WindowProbabilities } from './windows.ts';

function window(
  sentenceIndices: number[],
  labelProbs: [number, number, number],
  sentenceProbs: number[],
): WindowProbabilities {
  return { sentenceIndices, labelProbs, sentenceProbs };
}

describe('combineWindows', () => {
  it('passes a single whole window through unchanged', () => {
    expect(combineWindows([window([0, 1], [0.5, 0.3, 0.2], [0.1, 0.2])], 2)).toEqual({
      labelProbs: [0.5, 0.3, 0.2],
      sentenceProbs: [0.1, 0.2],
    });
  });

  it('takes each sentence from its window, the label from the window of the top sentence', () => {
    const combined = combineWindows(
      [
        window([0, 1, 2], [0.1, 0.1, 0.8], [0.1, 0.2, 0.3]),
        window([3, 4], [0.7, 0.2, 0.1], [0.9, 0.4]),
        window([5], [0.2, 0.7, 0.1], [0.6]),
      ],
      6,
    );
    expect(combined.sentenceProbs).toEqual([0.1, 0.2, 0.3, 0.9, 0.4, 0.6]);
    expect(combined.labelProbs).toEqual([0.7, 0.2, 0.1]);
  });

  it('keeps the higher probability of a sentence two windows share', () => {
    const combined = combineWindows(
      [window([0, 1], [0.4, 0.3, 0.3], [0.1, 0.5]), window([1, 2], [0.3, 0.4, 0.3], [0.3, 0.2])],
      3,
    );
    expect(combined.sentenceProbs).toEqual([0.1, 0.5, 0.2]);
    expect(combined.labelProbs).toEqual([0.4, 0.3, 0.3]);
  });

  it('refuses windows that leave a sentence out', () => {
    expect(() => combineWindows([window([0], [1, 0, 0], [0.1])], 2)).toThrow(
      'sentence 1 of 2 is in no window',
    );
  });
});
