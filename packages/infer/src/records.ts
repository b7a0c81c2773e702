/*
 * How infer writes `probabilities.jsonl`. The record itself, `ProbabilityRecord`, lives in
 * `@scifact/data`, since decode reads what infer writes.
 */

/** Digits kept for probabilities: far finer than any threshold, and stable text. */
const PROBABILITY_DIGITS = 6;

export function roundProbability(probability: number): number {
  const scale = 10 ** PROBABILITY_DIGITS;
  return Math.round(probability * scale) / scale;
}
