/**
 * A BPE-style learner of WordPiece pieces. Each word starts as its characters, the first
 * plain and the rest as `##` continuations; the most frequent adjacent pair (counted over
 * word occurrences) is merged into a new piece, again and again. Among equally frequent
 * pairs the one whose left symbol was made first wins (characters in sorted order come
 * first), then the same for the right symbol; so the same words give the same pieces in the
 * same order, whatever order they came in.
 */

/** Symbol ids stay below this, so a pair packs into one safe integer. */
const PAIR_SHIFT = 2 ** 21;

export interface LearnPiecesOptions {
  /** How many new pieces to learn at most. */
  budget: number;
  /** A pair seen fewer times than this is not worth a piece. */
  minCount: number;
  /** Tokens the vocabulary already has: merging into one of them costs no budget. */
  taken: ReadonlySet<string>;
}

interface HeapEntry {
  count: number;
  pair: number;
}

/**
 * Learns up to `budget` pieces from `words` (word, occurrences), in the order they were
 * learned. A piece inside a word starts with `##`.
 *
 * @example learnPieces([['lower', 5], ['lowest', 3]], { budget: 3, minCount: 2, taken })
 *          // ['lo', '##we', 'lowe']
 */
export function learnPieces(
  words: ReadonlyArray<readonly [string, number]>,
  options: LearnPiecesOptions,
): string[] {
  const symbols: string[] = [];
  const symbolIds = new Map<string, number>();
  const intern = (symbol: string): number => {
    let id = symbolIds.get(symbol);
    if (id === undefined) {
      id = symbols.length;
      if (id >= PAIR_SHIFT) throw new Error(`more than ${PAIR_SHIFT} symbols`);
      symbols.push(symbol);
      symbolIds.set(symbol, id);
    }
    return id;
  };

  // Characters are interned in sorted order, so symbol ids do not depend on word order.
  const characters = new Set<string>();
  for (const [word] of words) for (const character of word) characters.add(character);
  for (const character of [...characters].sort()) {
    intern(character);
    intern(`##${character}`);
  }

  const sequences = words.map(([word]) =>
    [...word].map((character, i) => intern(i === 0 ? character : `##${character}`)),
  );
  const counts = words.map(([, count]) => count);

  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, number[]>();
  sequences.forEach((sequence, word) => {
    for (let i = 0; i + 1 < sequence.length; i += 1) {
      const pair = sequence[i] * PAIR_SHIFT + sequence[i + 1];
      pairCounts.set(pair, (pairCounts.get(pair) ?? 0) + counts[word]);
      addWord(pairWords, pair, word);
    }
  });

  const heap = new MaxHeap();
  for (const [pair, count] of pairCounts) heap.push({ count, pair });

  const pieces: string[] = [];
  const learned = new Set<string>();
  const visited = new Int32Array(sequences.length).fill(-1);
  let round = 0;

  while (pieces.length < options.budget) {
    const top = heap.pop();
    if (!top) break;
    if (pairCounts.get(top.pair) !== top.count) continue;
    if (top.count < options.minCount) break;

    const left = Math.floor(top.pair / PAIR_SHIFT);
    const right = top.pair % PAIR_SHIFT;
    const merged = symbols[left] + symbols[right].slice(2);
    const mergedId = intern(merged);
    if (!options.taken.has(merged) && !learned.has(merged)) {
      learned.add(merged);
      pieces.push(merged);
    }

    // Re-count the pairs of every word that holds the merged pair, then re-queue the pairs
    // whose count changed.
    const delta = new Map<number, number>();
    for (const word of pairWords.get(top.pair) ?? []) {
      if (visited[word] === round) continue;
      visited[word] = round;
      const rewritten = mergePair(sequences[word], left, right, mergedId);
      if (!rewritten) continue;

      countPairs(delta, sequences[word], -counts[word]);
      countPairs(delta, rewritten, counts[word]);
      for (let i = 0; i + 1 < rewritten.length; i += 1) {
        if (rewritten[i] === mergedId || rewritten[i + 1] === mergedId) {
          addWord(pairWords, rewritten[i] * PAIR_SHIFT + rewritten[i + 1], word);
        }
      }
      sequences[word] = rewritten;
    }

    pairWords.delete(top.pair);
    for (const [pair, change] of delta) {
      if (change === 0) continue;
      const count = (pairCounts.get(pair) ?? 0) + change;
      if (count > 0) {
        pairCounts.set(pair, count);
        heap.push({ count, pair });
      } else {
        pairCounts.delete(pair);
      }
    }
    round += 1;
  }

  return pieces;
}

function addWord(pairWords: Map<number, number[]>, pair: number, word: number): void {
  const list = pairWords.get(pair);
  if (list === undefined) pairWords.set(pair, [word]);
  else if (list[list.length - 1] !== word) list.push(word);
}

function countPairs(delta: Map<number, number>, sequence: number[], weight: number): void {
  for (let i = 0; i + 1 < sequence.length; i += 1) {
    const pair = sequence[i] * PAIR_SHIFT + sequence[i + 1];
    delta.set(pair, (delta.get(pair) ?? 0) + weight);
  }
}

/** `sequence` with each (left, right) replaced by `merged`, left to right; null if none. */
function mergePair(sequence: number[], left: number, right: number, merged: number) {
  let found = false;
  const output: number[] = [];
  for (let i = 0; i < sequence.length; i += 1) {
    if (i + 1 < sequence.length && sequence[i] === left && sequence[i + 1] === right) {
      output.push(merged);
      i += 1;
      found = true;
    } else {
      output.push(sequence[i]);
    }
  }
  return found ? output : null;
}

/** Highest count first; among equal counts, the smaller pair number (older symbols) first. */
class MaxHeap {
  private readonly entries: HeapEntry[] = [];

  push(entry: HeapEntry): void {
    const entries = this.entries;
    entries.push(entry);
    let i = entries.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entries[i], entries[parent])) break;
      [entries[i], entries[parent]] = [entries[parent], entries[i]];
      i = parent;
    }
  }

  pop(): HeapEntry | undefined {
    const entries = this.entries;
    if (entries.length === 0) return undefined;
    const top = entries[0];
    const last = entries.pop() as HeapEntry;
    if (entries.length === 0) return top;

    entries[0] = last;
    let i = 0;
    for (;;) {
      const leftChild = 2 * i + 1;
      const rightChild = leftChild + 1;
      let best = i;
      if (leftChild < entries.length && before(entries[leftChild], entries[best])) {
        best = leftChild;
      }
      if (rightChild < entries.length && before(entries[rightChild], entries[best])) {
        best = rightChild;
      }
      if (best === i) break;
      [entries[i], entries[best]] = [entries[best], entries[i]];
      i = best;
    }
    return top;
  }
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.count !== b.count ? a.count > b.count : a.pair < b.pair;
}
