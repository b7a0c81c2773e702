import { InputError, type Claim, type Prediction, type ProbabilityRecord } from '@scifact/data';
import { prepareGold, scorePredictions, type Metrics } from '@scifact/score';
import { decodePredictions, type DecodeOptions, type NeiRule } from './decode.ts';

/** The metrics a sweep can select by: each one's F1 decides. */
export const SELECTABLE_METRICS = [
  'sentence_label',
  'sentence_selection',
  'abstract_label_only',
  'abstract_rationalized',
  'notebook',
] as const;

export type SelectableMetric = (typeof SELECTABLE_METRICS)[number];

export interface SweepOptions {
  thresholds: readonly number[];
  neiRules: readonly NeiRule[];
  /** Defaults to `sentence_label`. */
  selectBy?: SelectableMetric;
  maxSentences?: number;
  labelFrom?: DecodeOptions['labelFrom'];
}

export interface SweepRow {
  rule: NeiRule;
  threshold: number;
  metrics: Metrics;
}

export interface SweepChoice {
  threshold: number;
  metrics: Metrics;
}

/** The `sweep.json` schema of CONTRIBUTING.md. */
export interface SweepReport {
  rows: SweepRow[];
  best: Partial<Record<NeiRule, SweepChoice>>;
  selected_by: SelectableMetric;
}

export interface SweepResult {
  report: SweepReport;
  /** The predictions of each rule's best threshold. */
  bestPredictions: Partial<Record<NeiRule, Prediction[]>>;
}

/**
 * Decodes the same probabilities at every (threshold, rule) pair and scores each against the
 * gold claims, with no model run. Each rule's best threshold is the one with the highest F1
 * of `selectBy`; a tie goes to the lower threshold, so the result does not depend on the
 * order the thresholds were given in.
 */
export function sweepDecoding(
  records: readonly ProbabilityRecord[],
  gold: readonly Claim[],
  options: SweepOptions,
): SweepResult {
  const selectBy = options.selectBy ?? 'sentence_label';
  const thresholds = [...new Set(options.thresholds)].sort((a, b) => a - b);
  if (thresholds.length === 0) throw new InputError('a sweep needs at least one threshold');
  if (gold.some((claim) => claim.evidence === undefined)) {
    const message = 'a sweep needs gold evidence, and these claims have none (the test split?)';
    throw new InputError(message);
  }

  const claimIds = gold.map((claim) => claim.id);
  const prepared = prepareGold(gold);
  const rows: SweepRow[] = [];
  const best: SweepReport['best'] = {};
  const bestPredictions: SweepResult['bestPredictions'] = {};

  for (const rule of new Set(options.neiRules)) {
    for (const threshold of thresholds) {
      const decodeOptions = { ...options, threshold, neiRule: rule };
      const predictions = decodePredictions(records, decodeOptions, claimIds);
      const metrics = scorePredictions(prepared, predictions);
      rows.push({ rule, threshold, metrics });

      const current = best[rule];
      if (!current || metrics[selectBy].f1 > current.metrics[selectBy].f1) {
        best[rule] = { threshold, metrics };
        bestPredictions[rule] = predictions;
      }
    }
  }
  return { report: { rows, best, selected_by: selectBy }, bestPredictions };
}
