/**
 * A small seeded pseudo-random generator, so that a seed fixes every draw: mulberry32 (one
 * 32-bit word of state) started from a hash of the seed and a stream name. Each kind of
 * negative draws from its own stream, so switching one kind on or off leaves the others'
 * draws as they were.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  below(n: number): number;
  /** A shuffled copy of `items` (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

/** @example createRandom(42, 'lexical').below(5) */
export function createRandom(seed: number, stream = ''): Random {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`a seed must be a safe integer; received ${seed}`);
  }

  // A seed may be wider than 32 bits: fold both halves in, then the stream's hash.
  const low = seed >>> 0;
  const high = Math.floor(seed / 2 ** 32) >>> 0;
  let state = finalize(finalize(low ^ finalize(high + 0x9e3779b9)) ^ hashText(stream));

  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };

  return {
    next,
    below: (n) => Math.floor(next() * n),
    shuffle(items) {
      const copy = [...items];
      for (let last = copy.length - 1; last > 0; last -= 1) {
        const other = Math.floor(next() * (last + 1));
        [copy[last], copy[other]] = [copy[other], copy[last]];
      }
      return copy;
    },
  };
}

/** Murmur3's 32-bit finalizer: spreads every input bit over the whole word. */
function finalize(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a over UTF-16 code units, for naming streams. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}
