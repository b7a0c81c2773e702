import type { Verdict } from '@scifact/data';

/**
 * One abstract's prediction as scoring accepts it. The official format allows SUPPORT and
 * CONTRADICT only; NOT_ENOUGH_INFO is accepted too and skipped, as the official metrics skip
 * it, because a decoder may write it for an abstract it chose not to predict.
 */
export interface PredictedAbstract {
  sentences: readonly number[];
  label: Verdict;
}

/** One line of an official prediction file; `Prediction` from `@scifact/data` fits it. */
export interface ClaimPrediction {
  id: number;
  evidence: Readonly<Record<string, PredictedAbstract>>;
}

export const NOT_ENOUGH_INFO: Verdict = 'NOT_ENOUGH_INFO';

/** True for an abstract that counts as predicted: a label other than NOT_ENOUGH_INFO. */
export function isPredicted(prediction: PredictedAbstract): boolean {
  return prediction.label !== NOT_ENOUGH_INFO;
}
