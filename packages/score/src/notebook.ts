import type { GoldClaim } from './gold.ts';
import { computeF1, divideSafely, type NotebookScore } from './metrics.ts';
import { isPredicted, type PredictedAbstract } from './prediction.ts';

/*
 * The notebook's metric, as this package reads its description (DESIGN.md, Evaluation):
 *
 * - It walks gold rationale sets only, so a claim without gold evidence costs nothing, and
 *   neither does any prediction made for such a claim (at the sentence or abstract level).
 * - For each gold rationale set of an evidence abstract, the predicted rationale it is
 *   compared with is the first one of that abstract with the same label. The official
 *   format holds one rationale per abstract, so that is the abstract's prediction when its
 *   label equals the gold label, and nothing otherwise (a missing, NEI-labelled or
 *   wrongly labelled abstract predicts no sentences).
 * - Sentences are compared as sets (a repeat counts once): the overlap adds true positives,
 *   predicted sentences outside the set false positives, gold sentences not predicted false
 *   negatives. An abstract with two gold sets is compared twice, so a predicted sentence of
 *   one set is a false positive against the other: the notebook scores rationales, not
 *   abstracts.
 * - Abstract F1: predicted (non-NEI) abstracts of claims with evidence against the gold
 *   evidence abstracts, whatever the label.
 * - Label accuracy: the share of gold evidence abstracts predicted with the gold label; an
 *   abstract left out counts as predicted NOT_ENOUGH_INFO, which is never right for one.
 */

/** Running counts of the notebook's metric. */
export interface NotebookCounts {
  truePositives: number;
  falsePositives: number;
  retrievedAbstracts: number;
  foundAbstracts: number;
  rightLabels: number;
}

export function createNotebookCounts(): NotebookCounts {
  return {
    truePositives: 0,
    falsePositives: 0,
    retrievedAbstracts: 0,
    foundAbstracts: 0,
    rightLabels: 0,
  };
}

/** Counts of one gold rationale set against one predicted rationale, both as sets. */
export function compareRationale(
  rationale: readonly number[],
  predicted: readonly number[],
): { truePositives: number; falsePositives: number; falseNegatives: number } {
  let overlap = 0;
  for (const sentence of rationale) if (predicted.includes(sentence)) overlap += 1;
  return {
    truePositives: overlap,
    falsePositives: countDistinct(predicted) - overlap,
    falseNegatives: rationale.length - overlap,
  };
}

function countDistinct(sentences: readonly number[]): number {
  let distinct = 0;
  for (let i = 0; i < sentences.length; i += 1) {
    if (sentences.indexOf(sentences[i]) === i) distinct += 1;
  }
  return distinct;
}

/**
 * Adds one claim to the counts. False negatives are not counted here: over all gold sets
 * they equal the gold sentences minus the true positives, so claims without a prediction
 * need no visit.
 */
export function countNotebookClaim(
  gold: GoldClaim,
  evidence: Readonly<Record<string, PredictedAbstract>>,
  counts: NotebookCounts,
): void {
  if (gold.abstracts.size === 0) return;

  for (const docKey of Object.keys(evidence)) {
    const prediction = evidence[docKey];
    if (!isPredicted(prediction)) continue;
    counts.retrievedAbstracts += 1;

    const goldAbstract = gold.abstracts.get(docKey);
    if (goldAbstract === undefined) continue;
    counts.foundAbstracts += 1;
    if (prediction.label !== goldAbstract.label) continue;
    counts.rightLabels += 1;

    for (const rationale of goldAbstract.rationales) {
      const compared = compareRationale(rationale, prediction.sentences);
      counts.truePositives += compared.truePositives;
      counts.falsePositives += compared.falsePositives;
    }
  }
}

/** The notebook's numbers from its counts and the gold totals. */
export function scoreNotebook(
  counts: NotebookCounts,
  relevantAbstracts: number,
  relevantSentences: number,
): NotebookScore {
  const precision = divideSafely(
    counts.truePositives,
    counts.truePositives + counts.falsePositives,
  );
  const recall = divideSafely(counts.truePositives, relevantSentences);
  const abstractPrecision = divideSafely(counts.foundAbstracts, counts.retrievedAbstracts);
  const abstractRecall = divideSafely(counts.foundAbstracts, relevantAbstracts);
  return {
    precision,
    recall,
    f1: computeF1(precision, recall),
    abstract_f1: computeF1(abstractPrecision, abstractRecall),
    label_accuracy: divideSafely(counts.rightLabels, relevantAbstracts),
  };
}
