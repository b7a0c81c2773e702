import { describe, expect, it } from 'vitest';
import { learnPieces } from './learn-pieces.ts';

const NOTHING_TAKEN = new Set<string>();

describe('learnPieces', () => {
  it('merges the most frequent pair first, breaking ties by the older symbols', () => {
    const words = [['lower', 5], ['lowest', 3]] as const;
    const pieces = learnPieces(words, { budget: 3, minCount: 2, taken: NOTHING_TAKEN });
    expect(pieces).toEqual(['lo', '##we', 'lowe']);
  });

  it('gives the same pieces whatever order the words come in', () => {
    const words: Array<[string, number]> = [
      ['tumour', 4],
      ['tumours', 2],
      ['rumour', 3],
      ['humour', 3],
      ['tumor', 6],
    ];
    const options = { budget: 8, minCount: 2, taken: NOTHING_TAKEN };
    const forward = learnPieces(words, options);
    expect(learnPieces([...words].reverse(), options)).toEqual(forward);
    expect(forward).toHaveLength(8);
  });

  it('stops at pairs rarer than minCount', () => {
    const options = { budget: 10, minCount: 2, taken: NOTHING_TAKEN };
    const pieces = learnPieces([['ab', 1], ['cd', 2]], options);
    expect(pieces).toEqual(['cd']);
  });

  it('spends no budget on a merge that makes a token the vocabulary already has', () => {
    const pieces = learnPieces([['abc', 5]], { budget: 1, minCount: 1, taken: new Set(['ab']) });
    expect(pieces).toEqual(['abc']);
  });

  it('merges repeated pairs in one word left to right', () => {
    const pieces = learnPieces([['aaaa', 3]], { budget: 2, minCount: 1, taken: NOTHING_TAKEN });
    // a ##a ##a ##a: (##a, ##a) occurs twice per word, so it merges first, at the left.
    expect(pieces).toEqual(['##aa', 'aaa']);
  });
});
