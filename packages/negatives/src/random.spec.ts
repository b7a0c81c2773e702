import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';

const draws = (seed: number, stream = '') => {
  const random = createRandom(seed, stream);
  return Array.from({ length: 8 }, () => random.next());
};

describe('createRandom', () => {
  it('repeats its draws for the same seed and stream', () => {
    expect(draws(42)).toEqual(draws(42));
    expect(draws(42, 'lexical')).toEqual(draws(42, 'lexical'));
  });

  it('draws differently for another seed, another stream, or a seed beyond 32 bits', () => {
    expect(draws(43)).not.toEqual(draws(42));
    expect(draws(42, 'random')).not.toEqual(draws(42, 'lexical'));
    expect(draws(42 + 2 ** 32)).not.toEqual(draws(42));
  });

  it('gives floats in [0, 1) and integers below n, spread evenly', () => {
    const random = createRandom(7);
    const floats = Array.from({ length: 5000 }, () => random.next());
    expect(floats.every((value) => value >= 0 && value < 1)).toBe(true);

    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 5000; i += 1) counts[random.below(5)] += 1;
    expect(Math.min(...counts)).toBeGreaterThan(900);
  });

  it('shuffles into a permutation, leaving the input alone', () => {
    const items = [1, 2, 3, 4, 5, 6];
    const shuffled = createRandom(1).shuffle(items);
    expect([...shuffled].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects a seed that is not a safe integer', () => {
    expect(() => createRandom(1.5)).toThrow('a seed must be a safe integer; received 1.5');
  });
});
