import type { CorpusDoc } from '@scifact/data';
import { tokenize } from '@scifact/retrieval';

/**
 * The claim–sentence lexical features a model may read beside its encoder, one row per
 * sentence, in this order. Each lies in [0, 1] and is relative to the sentence's own
 * abstract, so the same sentence gets the same features in every window of it:
 * - `bm25_relative`: the sentence's BM25 score for the claim over the abstract's highest;
 * - `bm25_reciprocal_rank`: 1 / rank of that score in the abstract (ties by index; 0 when
 *   the sentence shares no term with the claim);
 * - `claim_coverage`: the IDF-weighted share of the claim's terms the sentence holds.
 */
export const LEXICAL_FEATURES = [
  'bm25_relative',
  'bm25_reciprocal_rank',
  'claim_coverage',
] as const;

/** BM25's usual constants (Robertson et al.); sentences are the documents. */
export const SENTENCE_BM25 = { k1: 1.2, b: 0.75 } as const;

/** Corpus statistics for BM25 over sentences, with `@scifact/retrieval`'s tokenizer. */
export interface LexicalStatistics {
  sentences: number;
  averageLength: number;
  documentFrequency: ReadonlyMap<string, number>;
}

/** Features of every sentence of an abstract: `[sentence][LEXICAL_FEATURES.length]`. */
export type SentenceFeaturizer = (claim: string, sentences: readonly string[]) => number[][];

/**
 * Counts, over every sentence given (the corpus abstracts' sentences), how many hold each
 * term, and their mean length in terms.
 *
 * @example const stats = buildLexicalStatistics([...corpus.values()].flatMap((d) => d.abstract));
 */
export function buildLexicalStatistics(sentences: Iterable<string>): LexicalStatistics {
  const documentFrequency = new Map<string, number>();
  let count = 0;
  let terms = 0;
  for (const sentence of sentences) {
    const tokens = tokenize(sentence);
    count += 1;
    terms += tokens.length;
    for (const term of new Set(tokens)) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
  }
  return { sentences: count, averageLength: count > 0 ? terms / count : 0, documentFrequency };
}

/** Statistics over every abstract sentence of the corpus: what train and infer both use. */
export function corpusLexicalStatistics(corpus: Iterable<CorpusDoc>): LexicalStatistics {
  return buildLexicalStatistics(
    (function* () {
      for (const doc of corpus) yield* doc.abstract;
    })(),
  );
}

/** BM25's IDF, floored at 0 by the `1 +` inside the log (Lucene's form). */
export function inverseFrequency(statistics: LexicalStatistics, term: string): number {
  const df = statistics.documentFrequency.get(term) ?? 0;
  return Math.log(1 + (statistics.sentences - df + 0.5) / (df + 0.5));
}

/** A featurizer over fixed corpus statistics; see `LEXICAL_FEATURES`. */
export function lexicalFeaturizer(statistics: LexicalStatistics): SentenceFeaturizer {
  return (claim, sentences) => lexicalFeatures(statistics, claim, sentences);
}

/** The `LEXICAL_FEATURES` of each sentence of an abstract for the claim. */
export function lexicalFeatures(
  statistics: LexicalStatistics,
  claim: string,
  sentences: readonly string[],
): number[][] {
  const claimTerms = [...new Set(tokenize(claim))];
  const weights = claimTerms.map((term) => inverseFrequency(statistics, term));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);

  const scores: number[] = [];
  const coverage: number[] = [];
  for (const sentence of sentences) {
    const counts = termCounts(tokenize(sentence));
    const length = [...counts.values()].reduce((sum, n) => sum + n, 0);
    scores.push(bm25(statistics, claimTerms, weights, counts, length));
    const held = claimTerms.reduce((sum, term, i) => sum + (counts.has(term) ? weights[i] : 0), 0);
    coverage.push(totalWeight > 0 ? held / totalWeight : 0);
  }

  const best = Math.max(0, ...scores);
  const ranks = rankOf(scores);
  return scores.map((score, i) => [
    best > 0 ? score / best : 0,
    score > 0 ? 1 / ranks[i] : 0,
    coverage[i],
  ]);
}

function termCounts(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

function bm25(
  statistics: LexicalStatistics,
  terms: readonly string[],
  weights: readonly number[],
  counts: ReadonlyMap<string, number>,
  length: number,
): number {
  const { k1, b } = SENTENCE_BM25;
  const norm = k1 * (1 - b + (b * length) / Math.max(statistics.averageLength, 1e-9));
  let score = 0;
  terms.forEach((term, i) => {
    const tf = counts.get(term) ?? 0;
    if (tf > 0) score += (weights[i] * tf * (k1 + 1)) / (tf + norm);
  });
  return score;
}

/** 1-based rank of each score, highest first, ties by index. */
function rankOf(scores: readonly number[]): number[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const ranks = new Array<number>(scores.length);
  order.forEach((index, position) => (ranks[index] = position + 1));
  return ranks;
}
