import type { GoldAbstract, GoldClaim } from './gold.ts';
import { isPredicted, type PredictedAbstract } from './prediction.ts';

/**
 * Abstract-level scoring looks at the first 3 listed sentences only: without a cap, listing
 * every sentence would always contain a gold rationale set at no cost.
 */
export const MAX_ABSTRACT_SENTS = 3;

/** Running counts of the four official metrics, over the claims seen so far. */
export interface OfficialCounts {
  retrievedAbstracts: number;
  correctLabelOnly: number;
  correctRationalized: number;
  retrievedSentences: number;
  correctSelection: number;
  correctLabel: number;
}

export function createOfficialCounts(): OfficialCounts {
  return {
    retrievedAbstracts: 0,
    correctLabelOnly: 0,
    correctRationalized: 0,
    retrievedSentences: 0,
    correctSelection: 0,
    correctLabel: 0,
  };
}

/**
 * True when every sentence of a gold rationale set is among the predicted ones. Predicted
 * sentences come as the listed array: lists are a few indices long, so a linear search beats
 * building a set, and membership is the same whether a sentence is listed once or twice.
 */
export function containsSet(rationale: readonly number[], predicted: readonly number[]) {
  return rationale.every((sentence) => predicted.includes(sentence));
}

/** True when some gold rationale set lies wholly inside the predicted sentences. */
export function containsRationale(
  rationales: readonly (readonly number[])[],
  predicted: readonly number[],
): boolean {
  return rationales.some((rationale) => containsSet(rationale, predicted));
}

/**
 * The predicted sentences that earn credit: a sentence counts when it belongs to a gold
 * rationale set and the whole set was predicted. Gold sets are disjoint, so this is the
 * size of every wholly predicted set; a sentence listed twice is credited once.
 */
export function countRationaleSentences(
  rationales: readonly (readonly number[])[],
  predicted: readonly number[],
): number {
  let correct = 0;
  for (const rationale of rationales) {
    if (containsSet(rationale, predicted)) correct += rationale.length;
  }
  return correct;
}

/**
 * Adds one predicted (non-NEI) abstract to the counts. `gold` is undefined when the abstract
 * is not a gold evidence abstract of the claim: it is then retrieved and never correct.
 * Every listed sentence counts as retrieved, repeats included, as in the official evaluator.
 */
export function countAbstract(
  gold: GoldAbstract | undefined,
  prediction: PredictedAbstract,
  counts: OfficialCounts,
): void {
  counts.retrievedAbstracts += 1;
  counts.retrievedSentences += prediction.sentences.length;
  if (gold === undefined) return;

  const labelMatches = prediction.label === gold.label;
  if (labelMatches) {
    counts.correctLabelOnly += 1;
    const firstSentences = prediction.sentences.slice(0, MAX_ABSTRACT_SENTS);
    if (containsRationale(gold.rationales, firstSentences)) counts.correctRationalized += 1;
  }

  const credited = countRationaleSentences(gold.rationales, prediction.sentences);
  counts.correctSelection += credited;
  if (labelMatches) counts.correctLabel += credited;
}

/** Adds one claim's predicted abstracts to the counts; NEI-labelled ones are not predictions. */
export function countOfficialClaim(
  gold: GoldClaim,
  evidence: Readonly<Record<string, PredictedAbstract>>,
  counts: OfficialCounts,
): void {
  for (const docKey of Object.keys(evidence)) {
    const prediction = evidence[docKey];
    if (isPredicted(prediction)) countAbstract(gold.abstracts.get(docKey), prediction, counts);
  }
}
