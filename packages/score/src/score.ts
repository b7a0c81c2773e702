import { InputError, type Claim, VERDICTS, type Verdict } from '@scifact/data';
import { toPreparedGold, type PreparedGold } from './gold.ts';
import { scoreCounts, type Metrics } from './metrics.ts';
import {
  countNotebookClaim,
  createNotebookCounts,
  scoreNotebook,
  type NotebookCounts,
} from './notebook.ts';
import { countOfficialClaim, createOfficialCounts, type OfficialCounts } from './official.ts';
import type { ClaimPrediction } from './prediction.ts';

/**
 * Scores predictions against gold claims: the four official SciFact metrics, micro-averaged
 * over every gold claim (a claim without a prediction predicts nothing but still counts in
 * recall), and the notebook's metric. Prediction order does not matter.
 *
 * It checks only what it must to count right: each prediction names a gold claim once and
 * every label is a known one. Checks against the corpus belong to `checkPredictions`.
 * Pass `prepareGold(claims)` when scoring many prediction sets against the same claims.
 *
 * @example
 * const gold = prepareGold(claims);
 * const f1 = scorePredictions(gold, predictions).sentence_label.f1;
 */
export function scorePredictions(
  gold: readonly Claim[] | PreparedGold,
  predictions: readonly ClaimPrediction[],
): Metrics {
  const prepared = toPreparedGold(gold);
  const official = createOfficialCounts();
  const notebook = createNotebookCounts();
  const seen = new Set<number>();

  for (const prediction of predictions) {
    const claim = prepared.claims.get(prediction.id);
    if (claim === undefined) {
      throw new InputError(`prediction for unknown claim id ${prediction.id}`);
    }
    if (seen.has(prediction.id)) {
      throw new InputError(`claim ${prediction.id} is predicted twice`);
    }
    seen.add(prediction.id);
    checkLabels(prediction);

    countOfficialClaim(claim, prediction.evidence, official);
    countNotebookClaim(claim, prediction.evidence, notebook);
  }

  return summarizeMetrics(prepared, official, notebook);
}

function checkLabels(prediction: ClaimPrediction): void {
  for (const docKey of Object.keys(prediction.evidence)) {
    const label = prediction.evidence[docKey].label;
    if (!VERDICTS.includes(label as Verdict)) {
      throw new InputError(
        `claim ${prediction.id}, abstract ${docKey}: unknown label ${JSON.stringify(label)}; expected SUPPORT or CONTRADICT (NOT_ENOUGH_INFO is skipped)`,
      );
    }
  }
}

function summarizeMetrics(
  gold: PreparedGold,
  official: OfficialCounts,
  notebook: NotebookCounts,
): Metrics {
  const abstracts = { retrieved: official.retrievedAbstracts, relevant: gold.relevantAbstracts };
  const sentences = { retrieved: official.retrievedSentences, relevant: gold.relevantSentences };
  return {
    abstract_label_only: scoreCounts({ correct: official.correctLabelOnly, ...abstracts }),
    abstract_rationalized: scoreCounts({ correct: official.correctRationalized, ...abstracts }),
    sentence_selection: scoreCounts({ correct: official.correctSelection, ...sentences }),
    sentence_label: scoreCounts({ correct: official.correctLabel, ...sentences }),
    notebook: scoreNotebook(notebook, gold.relevantAbstracts, gold.relevantSentences),
  };
}
