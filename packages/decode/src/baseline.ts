import {
  InputError,
  type Claim,
  type CorpusDoc,
  type EvidenceLabel,
  type Prediction,
} from '@scifact/data';
import { tokenize } from '@scifact/retrieval';

/** What one unit of the corpus is when counting document frequencies. */
export type IdfUnit = 'sentence' | 'abstract';

export const IDF_UNITS: readonly IdfUnit[] = ['sentence', 'abstract'];

/** How the baseline weighs terms; the defaults are the variant closest to DESIGN's row. */
export interface TfidfOptions {
  /** Count document frequency over abstract sentences or over whole abstracts (no titles). */
  idfUnit?: IdfUnit;
  /** Porter-stem words (`tokenize`'s `stem`). */
  stem?: boolean;
  /** Drop English function words (`tokenize`'s `stopwords`). */
  stopwords?: boolean;
  /** Weigh a term `1 + ln(count)` instead of its raw count. */
  sublinearTf?: boolean;
}

export interface BaselineOptions extends TfidfOptions {
  /** Sentences predicted per cited abstract, best first. */
  top?: number;
  /** The label every predicted abstract carries. */
  label?: EvidenceLabel;
}

/**
 * IDF over whole abstracts, unstemmed words, stopwords dropped, raw counts: of the 16
 * variants measured on dev (unit × stemming × stopwords × tf; README, "The no-learning
 * baseline"), the one whose Sel, Sel+L and Lab+R lie closest to DESIGN's row. The row's own
 * TF-IDF is unknown; stemming and IDF over sentences both pick better sentences than it did.
 */
export const DEFAULT_TFIDF: Readonly<Required<TfidfOptions>> = {
  idfUnit: 'abstract',
  stem: false,
  stopwords: true,
  sublinearTf: false,
};

/** Inverse document frequencies over a corpus, with the tokenizer settings that made them. */
export interface TfidfWeights {
  units: number;
  documentFrequency: ReadonlyMap<string, number>;
  options: Readonly<Required<TfidfOptions>>;
}

/**
 * Counts, for each term, how many units of the corpus hold it: sentences of the abstracts,
 * or whole abstracts. Titles are left out, since only abstract sentences can be evidence.
 *
 * @example const weights = buildTfidfWeights((await loadCorpus(dir)).values());
 */
export function buildTfidfWeights(
  corpus: Iterable<CorpusDoc>,
  options: TfidfOptions = {},
): TfidfWeights {
  const resolved = { ...DEFAULT_TFIDF, ...options };
  const documentFrequency = new Map<string, number>();
  let units = 0;

  const countUnit = (terms: Iterable<string>) => {
    units += 1;
    for (const term of new Set(terms)) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
  };
  for (const doc of corpus) {
    const sentences = doc.abstract.map((sentence) => tokenizeFor(sentence, resolved));
    if (resolved.idfUnit === 'sentence') sentences.forEach(countUnit);
    else countUnit(sentences.flat());
  }

  return { units, documentFrequency, options: resolved };
}

/**
 * Smoothed IDF, `ln((1 + N) / (1 + df)) + 1`: never zero, so a term found in every unit still
 * counts a little, and defined for a claim term the corpus never uses.
 */
export function inverseDocumentFrequency(weights: TfidfWeights, term: string): number {
  const df = weights.documentFrequency.get(term) ?? 0;
  return Math.log((1 + weights.units) / (1 + df)) + 1;
}

/**
 * Sentence indices of an abstract ranked by TF-IDF cosine similarity with the claim, best
 * first; equal scores keep index order, so a sentence sharing no term with the claim still
 * has a place.
 *
 * @example rankSentencesByTfidf(weights, claim.claim, doc.abstract).slice(0, 2)
 */
export function rankSentencesByTfidf(
  weights: TfidfWeights,
  claim: string,
  sentences: readonly string[],
): number[] {
  const claimVector = vectorize(weights, tokenizeFor(claim, weights.options));
  const scores = sentences.map((sentence) =>
    cosine(claimVector, vectorize(weights, tokenizeFor(sentence, weights.options))),
  );
  return scores.map((_, index) => index).sort((a, b) => scores[b] - scores[a] || a - b);
}

/**
 * The "no learning" reference: for every cited abstract of every claim, the `top` sentences
 * most similar to the claim by TF-IDF, labelled `label` (SUPPORT). Every claim gets a line,
 * `{"id", "evidence": {}}` when it cites nothing; a doc id cited twice is predicted once.
 * IDF is counted over `corpus`, which must hold every cited abstract.
 *
 * @example
 * const predictions = lexicalBaseline(dev, await loadCorpus('data/scifact'), { top: 2 });
 */
export function lexicalBaseline(
  claims: readonly Claim[],
  corpus: ReadonlyMap<number, CorpusDoc>,
  options: BaselineOptions = {},
): Prediction[] {
  const { top = 2, label = 'SUPPORT', ...tfidf } = options;
  if (!Number.isInteger(top) || top < 1) {
    throw new InputError(`lexicalBaseline: top: expected a positive integer, received ${top}`);
  }
  const weights = buildTfidfWeights(corpus.values(), tfidf);

  return claims.map((claim) => {
    const evidence: Prediction['evidence'] = {};
    for (const docId of new Set(claim.cited_doc_ids ?? [])) {
      const doc = corpus.get(docId);
      if (doc === undefined) {
        throw new InputError(`claim ${claim.id}: cited abstract ${docId} is not in the corpus`);
      }
      const ranked = rankSentencesByTfidf(weights, claim.claim, doc.abstract);
      evidence[String(docId)] = { sentences: ranked.slice(0, top), label };
    }
    return { id: claim.id, evidence };
  });
}

function tokenizeFor(text: string, options: Required<TfidfOptions>): string[] {
  return tokenize(text, { stem: options.stem, stopwords: options.stopwords });
}

function vectorize(weights: TfidfWeights, terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);

  const vector = new Map<string, number>();
  for (const [term, count] of counts) {
    const tf = weights.options.sublinearTf ? 1 + Math.log(count) : count;
    vector.set(term, tf * inverseDocumentFrequency(weights, term));
  }
  return vector;
}

/** Cosine of two sparse vectors; 0 when either is empty (a sentence of stopwords only). */
function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  for (const [term, value] of a) dot += value * (b.get(term) ?? 0);
  if (dot === 0) return 0;
  return dot / (norm(a) * norm(b));
}

function norm(vector: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const value of vector.values()) sum += value * value;
  return Math.sqrt(sum);
}
