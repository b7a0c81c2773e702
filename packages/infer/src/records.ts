import type { CandidateSource } from './candidates.ts';

/**
 * One line of `probabilities.jsonl`: a (claim, abstract) pair, the label distribution in
 * `VERDICTS` order, and one evidence probability per sentence of the abstract.
 *
 * The decode package declares the same record for reading; the shared home for it would be
 * `@scifact/data`'s types, which neither stage owns.
 */
export interface ProbabilityRecord {
  claim_id: number;
  doc_id: number;
  source: CandidateSource;
  /** 1 for the first candidate of its claim. */
  rank: number;
  retrieval_score?: number;
  label_probs: [number, number, number];
  sentence_probs: number[];
}

/** Digits kept for probabilities: far finer than any threshold, and stable text. */
const PROBABILITY_DIGITS = 6;

export function roundProbability(probability: number): number {
  const scale = 10 ** PROBABILITY_DIGITS;
  return Math.round(probability * scale) / scale;
}
