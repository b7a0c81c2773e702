import type { CorpusDoc } from '@scifact/data';
import { InputError } from '@scifact/data';
import { DEFAULT_TOKENIZE, tokenize, type TokenizeOptions } from './tokenize.ts';

/** BM25's settings and how documents are read. */
export interface Bm25Options extends TokenizeOptions {
  /** Term-frequency saturation: larger lets repeated terms count for longer. */
  k1?: number;
  /** Length normalisation, from 0 (none) to 1 (full). */
  b?: number;
  /** How many times each title term counts, against once for an abstract term. */
  titleWeight?: number;
}

export type Bm25Settings = Readonly<Required<Bm25Options>>;

/**
 * The settings `buildIndex` uses unless told otherwise, chosen on the train claims (see the
 * package README); dev claims played no part in choosing them.
 */
export const DEFAULT_BM25: Bm25Settings = {
  ...DEFAULT_TOKENIZE,
  k1: 1.2,
  b: 0.5,
  titleWeight: 1.5,
};

/** One ranked abstract, in the record shape of `rankings.jsonl`. */
export interface SearchHit {
  doc_id: number;
  score: number;
}

export interface SearchOptions {
  /** Abstracts to leave out of the ranking, such as the ones a claim cites. */
  exclude?: ReadonlySet<number>;
}

/** An in-memory BM25 index over a corpus: built once, then searched any number of times. */
export interface Bm25Index {
  readonly settings: Bm25Settings;
  readonly size: number;
  /**
   * The `k` best-scoring abstracts for `text`, best first; ties go to the smaller doc id.
   * Only abstracts sharing a term with the text are ranked, so fewer than `k` may come back.
   */
  search(text: string, k: number, options?: SearchOptions): SearchHit[];
}

/**
 * Indexes each abstract's title and sentences with BM25, using Lucene's idf,
 * `ln(1 + (N - df + 0.5) / (df + 0.5))`, which stays positive for terms in most documents.
 * A query term counts once per occurrence in the query.
 *
 * @example
 * const index = buildIndex(corpus, { k1: 0.9, b: 0.4 });
 * index.search('Vitamin D lowers the risk of fractures', 10);
 */
export function buildIndex(docs: readonly CorpusDoc[], options: Bm25Options = {}): Bm25Index {
  const settings = normalizeOptions(options);
  const docIds = Int32Array.from(docs, (doc) => doc.doc_id);
  const termIds = new Map<string, number>();
  const postingDocs: number[][] = [];
  const postingCounts: number[][] = [];
  const lengths = new Float64Array(docs.length);

  docs.forEach((doc, docIndex) => {
    const counts = new Map<number, number>();
    const add = (text: string, weight: number) => {
      if (weight === 0) return;
      for (const token of tokenize(text, settings)) {
        let termId = termIds.get(token);
        if (termId === undefined) {
          termId = postingDocs.length;
          termIds.set(token, termId);
          postingDocs.push([]);
          postingCounts.push([]);
        }
        counts.set(termId, (counts.get(termId) ?? 0) + weight);
        lengths[docIndex] += weight;
      }
    };
    add(doc.title, settings.titleWeight);
    for (const sentence of doc.abstract) add(sentence, 1);

    for (const [termId, count] of counts) {
      postingDocs[termId].push(docIndex);
      postingCounts[termId].push(count);
    }
  });

  // With k1 and b fixed, each posting's whole contribution is known at build time, so a query
  // only adds numbers up.
  const averageLength = lengths.reduce((sum, length) => sum + length, 0) / (docs.length || 1);
  const postings = postingDocs.map((docIndices, termId) => {
    const idf = Math.log(1 + (docs.length - docIndices.length + 0.5) / (docIndices.length + 0.5));
    const weights = Float64Array.from(docIndices, (docIndex, position) => {
      const count = postingCounts[termId][position];
      const relativeLength = lengths[docIndex] / averageLength;
      const norm = settings.k1 * (1 - settings.b + settings.b * relativeLength);
      return (idf * count * (settings.k1 + 1)) / (count + norm);
    });
    return { docIndices: Int32Array.from(docIndices), weights };
  });

  return new PostingsIndex(settings, docIds, termIds, postings);
}

function normalizeOptions(options: Bm25Options): Bm25Settings {
  const settings = { ...DEFAULT_BM25, ...dropUndefined(options) };
  checkRange('k1', settings.k1, 0, Infinity);
  checkRange('b', settings.b, 0, 1);
  checkRange('titleWeight', settings.titleWeight, 0, Infinity);
  return settings;
}

function checkRange(name: string, value: number, low: number, high: number): void {
  if (!Number.isFinite(value) || value < low || value > high) {
    const range = high === Infinity ? `a finite number >= ${low}` : `within [${low}, ${high}]`;
    throw new InputError(`BM25 option ${name} must be ${range}; received ${value}`);
  }
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

interface Postings {
  docIndices: Int32Array;
  weights: Float64Array;
}

class PostingsIndex implements Bm25Index {
  // Reused by every search, so a query allocates only its candidate list.
  private readonly scores: Float64Array;

  constructor(
    readonly settings: Bm25Settings,
    private readonly docIds: Int32Array,
    private readonly termIds: Map<string, number>,
    private readonly postings: Postings[],
  ) {
    this.scores = new Float64Array(docIds.length);
  }

  get size(): number {
    return this.docIds.length;
  }

  search(text: string, k: number, options: SearchOptions = {}): SearchHit[] {
    const touched: number[] = [];
    for (const token of tokenize(text, this.settings)) {
      const termId = this.termIds.get(token);
      if (termId === undefined) continue;
      const { docIndices, weights } = this.postings[termId];
      for (let position = 0; position < docIndices.length; position += 1) {
        const docIndex = docIndices[position];
        if (this.scores[docIndex] === 0) touched.push(docIndex);
        this.scores[docIndex] += weights[position];
      }
    }

    const hits = selectTop(touched, this.scores, this.docIds, k, options.exclude);
    for (const docIndex of touched) this.scores[docIndex] = 0;
    return hits;
  }
}

/**
 * The best `k` candidates, best first, through a heap of size `k` whose root is the worst kept:
 * most candidates lose to the root at once, which beats sorting every document that matched.
 */
function selectTop(
  candidates: number[],
  scores: Float64Array,
  docIds: Int32Array,
  k: number,
  exclude: ReadonlySet<number> | undefined,
): SearchHit[] {
  // True when a ranks below b: a lower score, or an equal score and a larger doc id.
  const below = (a: number, b: number) =>
    scores[a] < scores[b] || (scores[a] === scores[b] && docIds[a] > docIds[b]);
  const heap: number[] = [];

  for (const docIndex of candidates) {
    if (k <= 0) break;
    if (exclude?.has(docIds[docIndex])) continue;
    if (heap.length < k) {
      heap.push(docIndex);
      siftUp(heap, heap.length - 1, below);
    } else if (below(heap[0], docIndex)) {
      heap[0] = docIndex;
      siftDown(heap, 0, below);
    }
  }

  heap.sort((a, b) => (below(a, b) ? 1 : below(b, a) ? -1 : 0));
  return heap.map((docIndex) => ({ doc_id: docIds[docIndex], score: scores[docIndex] }));
}

type Below = (a: number, b: number) => boolean;

function siftUp(heap: number[], position: number, below: Below): void {
  while (position > 0) {
    const parent = (position - 1) >> 1;
    if (!below(heap[position], heap[parent])) return;
    [heap[position], heap[parent]] = [heap[parent], heap[position]];
    position = parent;
  }
}

function siftDown(heap: number[], position: number, below: Below): void {
  for (;;) {
    let lowest = position;
    for (const child of [2 * position + 1, 2 * position + 2]) {
      if (child < heap.length && below(heap[child], heap[lowest])) lowest = child;
    }
    if (lowest === position) return;
    [heap[position], heap[lowest]] = [heap[lowest], heap[position]];
    position = lowest;
  }
}
