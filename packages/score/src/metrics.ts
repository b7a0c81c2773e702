/** The counts one official metric is computed from. */
export interface Counts {
  correct: number;
  retrieved: number;
  relevant: number;
}

/** One official metric: precision, recall and F1 with the counts behind them. */
export interface Score extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

/** The notebook's metric, kept for comparison with its published numbers. */
export interface NotebookScore {
  precision: number;
  recall: number;
  f1: number;
  abstract_f1: number;
  label_accuracy: number;
}

/** The contents of `metrics.json`. */
export interface Metrics {
  abstract_label_only: Score;
  abstract_rationalized: Score;
  sentence_selection: Score;
  sentence_label: Score;
  notebook: NotebookScore;
}

/** The four official metrics, in the order the paper and the table list them. */
export const OFFICIAL_METRICS = [
  'abstract_label_only',
  'abstract_rationalized',
  'sentence_selection',
  'sentence_label',
] as const;

export type OfficialMetric = (typeof OFFICIAL_METRICS)[number];

/** A ratio that is 0 when nothing was counted, as the official evaluator defines it. */
export function divideSafely(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** The harmonic mean of precision and recall; 0 when both are 0. */
export function computeF1(precision: number, recall: number): number {
  return divideSafely(2 * precision * recall, precision + recall);
}

/**
 * Precision, recall and F1 of a set of counts.
 *
 * @example scoreCounts({ correct: 1, retrieved: 5, relevant: 4 }).f1 // 2 / 9
 */
export function scoreCounts(counts: Counts): Score {
  const precision = divideSafely(counts.correct, counts.retrieved);
  const recall = divideSafely(counts.correct, counts.relevant);
  return {
    precision,
    recall,
    f1: computeF1(precision, recall),
    correct: counts.correct,
    retrieved: counts.retrieved,
    relevant: counts.relevant,
  };
}
