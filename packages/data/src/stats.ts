import { SPLITS, type Claim, type EvidenceLabel, type Split } from './types.ts';
import type { Release } from './validate.ts';

/** The spread of a quantity: quantiles interpolate linearly between ranks. */
export interface Spread {
  mean: number;
  median: number;
  p95: number;
  max: number;
}

/** What the labels of one split hold; the test split has none. */
export interface EvidenceStats {
  /** Claims with at least one rationale set of each label. */
  claimsWith: Record<EvidenceLabel, number>;
  claimsWithoutEvidence: number;
  /** Distinct (claim, cited abstract) pairs. */
  citedAbstracts: number;
  /** (claim, abstract) pairs with evidence, by the abstract's label. */
  evidenceAbstracts: Record<EvidenceLabel, number>;
  rationaleSets: number;
  /** Sentences over all rationale sets. */
  rationaleSentences: number;
  /** Sentences per rationale set: how many sets have each size, the mean and the largest. */
  rationaleSize: { histogram: Record<string, number>; mean: number; max: number };
}

export interface SplitStats {
  split: Split;
  claims: number;
  evidence?: EvidenceStats;
}

export interface CorpusStats {
  abstracts: number;
  structured: number;
  sentencesPerAbstract: Spread;
  /** Whitespace-separated tokens of the sentences; the title is not counted. */
  tokensPerAbstract: Spread;
  /** Characters of the sentences, without separators between them. */
  charactersPerAbstract: Spread;
  tokensPerSentence: Spread;
}

export interface ReleaseStats {
  splits: SplitStats[];
  corpus: CorpusStats;
}

function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Mean, median, 95th percentile and maximum; all 0 for no values. */
export function spreadOf(values: number[]): Spread {
  if (values.length === 0) return { mean: 0, median: 0, p95: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const max = sorted[sorted.length - 1];
  return { mean, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max };
}

function countLabels(): Record<EvidenceLabel, number> {
  return { SUPPORT: 0, CONTRADICT: 0 };
}

function computeEvidenceStats(claims: Claim[]): EvidenceStats {
  const stats: EvidenceStats = {
    claimsWith: countLabels(),
    claimsWithoutEvidence: 0,
    citedAbstracts: 0,
    evidenceAbstracts: countLabels(),
    rationaleSets: 0,
    rationaleSentences: 0,
    rationaleSize: { histogram: {}, mean: 0, max: 0 },
  };

  for (const claim of claims) {
    stats.citedAbstracts += new Set(claim.cited_doc_ids).size;
    const abstracts = Object.values(claim.evidence ?? {});
    if (abstracts.length === 0) stats.claimsWithoutEvidence += 1;

    const labels = new Set<EvidenceLabel>();
    for (const rationales of abstracts) {
      // Every rationale set of an abstract carries the same label; validation checks it.
      stats.evidenceAbstracts[rationales[0].label] += 1;
      labels.add(rationales[0].label);

      for (const { sentences } of rationales) {
        const { histogram } = stats.rationaleSize;
        histogram[sentences.length] = (histogram[sentences.length] ?? 0) + 1;
        stats.rationaleSets += 1;
        stats.rationaleSentences += sentences.length;
        stats.rationaleSize.max = Math.max(stats.rationaleSize.max, sentences.length);
      }
    }
    for (const label of labels) stats.claimsWith[label] += 1;
  }

  stats.rationaleSize.mean = stats.rationaleSets && stats.rationaleSentences / stats.rationaleSets;
  return stats;
}

function computeCorpusStats(release: Release): CorpusStats {
  const sentences: number[] = [];
  const tokens: number[] = [];
  const characters: number[] = [];
  const sentenceTokens: number[] = [];
  let structured = 0;

  for (const doc of release.corpus.values()) {
    const perSentence = doc.abstract.map((text) => countTokens(text));
    sentences.push(doc.abstract.length);
    tokens.push(perSentence.reduce((sum, count) => sum + count, 0));
    characters.push(doc.abstract.reduce((sum, text) => sum + text.length, 0));
    sentenceTokens.push(...perSentence);
    if (doc.structured) structured += 1;
  }

  return {
    abstracts: release.corpus.size,
    structured,
    sentencesPerAbstract: spreadOf(sentences),
    tokensPerAbstract: spreadOf(tokens),
    charactersPerAbstract: spreadOf(characters),
    tokensPerSentence: spreadOf(sentenceTokens),
  };
}

function countTokens(text: string): number {
  return text.split(/\s+/).filter((token) => token !== '').length;
}

/** Counts and spreads of a validated release, per split and for the corpus. */
export function computeStats(release: Release): ReleaseStats {
  const splits = SPLITS.map((split): SplitStats => {
    const claims = release.claims[split];
    const labelled = split !== 'test';
    return {
      split,
      claims: claims.length,
      ...(labelled ? { evidence: computeEvidenceStats(claims) } : {}),
    };
  });
  return { splits, corpus: computeCorpusStats(release) };
}
