import {
  InputError,
  VERDICTS,
  type AbstractPrediction,
  type Prediction,
  type ProbabilityRecord,
  type Verdict,
} from '@scifact/data';

/**
 * What happens to an abstract whose classifier label is SUPPORT or CONTRADICT but whose
 * sentences all fall below the threshold: `strict` turns it into NOT_ENOUGH_INFO (so it is
 * left out), `relaxed` keeps the label with an empty rationale.
 */
export type NeiRule = 'strict' | 'relaxed';

export const NEI_RULES: readonly NeiRule[] = ['strict', 'relaxed'];

/**
 * Where an abstract's label comes from. `classifier`: the argmax of `label_probs`.
 * `evidence`: NOT_ENOUGH_INFO when no sentence reaches the threshold, otherwise the larger of
 * SUPPORT and CONTRADICT, so an abstract with evidence is never dropped as NEI.
 */
export type LabelSource = 'classifier' | 'evidence';

export const LABEL_SOURCES: readonly LabelSource[] = ['classifier', 'evidence'];

export interface DecodeOptions {
  /** A sentence is evidence when its probability is at or above this. */
  threshold: number;
  neiRule: NeiRule;
  /** Keep at most this many sentences per abstract, most probable first; no cap if absent. */
  maxSentences?: number;
  /** Defaults to `classifier`. */
  labelFrom?: LabelSource;
}

/** Index of the largest value; the first one wins a tie. */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i += 1) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * The sentences at or above the threshold, most probable first, ties by index. The official
 * abstract-level metric reads only the first 3 listed, so the order matters.
 *
 * @example rankEvidence([0.2, 0.9, 0.6, 0.9], 0.5) // [1, 3, 2]
 */
export function rankEvidence(sentenceProbs: readonly number[], threshold: number): number[] {
  const passing: number[] = [];
  for (let i = 0; i < sentenceProbs.length; i += 1) {
    if (sentenceProbs[i] >= threshold) passing.push(i);
  }
  return passing.sort((a, b) => sentenceProbs[b] - sentenceProbs[a] || a - b);
}

function chooseLabel(
  record: ProbabilityRecord,
  hasEvidence: boolean,
  options: DecodeOptions,
): Verdict {
  if (options.labelFrom === 'evidence') {
    if (!hasEvidence) return 'NOT_ENOUGH_INFO';
    const [support, contradict] = record.label_probs;
    return contradict > support ? 'CONTRADICT' : 'SUPPORT';
  }

  const label = VERDICTS[argmax(record.label_probs)];
  if (label !== 'NOT_ENOUGH_INFO' && !hasEvidence && options.neiRule === 'strict') {
    return 'NOT_ENOUGH_INFO';
  }
  return label;
}

/**
 * One abstract's prediction in the official format, or `undefined` when it is labelled
 * NOT_ENOUGH_INFO (the official format leaves such abstracts out).
 */
export function decodeAbstract(
  record: ProbabilityRecord,
  options: DecodeOptions,
): AbstractPrediction | undefined {
  let sentences = rankEvidence(record.sentence_probs, options.threshold);
  const label = chooseLabel(record, sentences.length > 0, options);
  if (label === 'NOT_ENOUGH_INFO') return undefined;

  if (options.maxSentences !== undefined) sentences = sentences.slice(0, options.maxSentences);
  return { sentences, label };
}

/**
 * Official predictions, one per claim. With `claimIds`, every listed claim gets a line in
 * that order (`{"id", "evidence": {}}` when none of its abstracts is predicted) and a record
 * of an unlisted claim is an error; without it, the claims are those of the records, in the
 * order they first appear.
 */
export function decodePredictions(
  records: readonly ProbabilityRecord[],
  options: DecodeOptions,
  claimIds?: readonly number[],
): Prediction[] {
  const byClaim = new Map<number, Prediction>();
  for (const id of claimIds ?? []) byClaim.set(id, { id, evidence: {} });

  for (const record of records) {
    let prediction = byClaim.get(record.claim_id);
    if (!prediction) {
      if (claimIds) {
        const message = `probabilities name claim ${record.claim_id}, not in the claim set`;
        throw new InputError(message);
      }
      prediction = { id: record.claim_id, evidence: {} };
      byClaim.set(record.claim_id, prediction);
    }

    const decoded = decodeAbstract(record, options);
    if (decoded) prediction.evidence[String(record.doc_id)] = decoded;
  }
  return [...byClaim.values()];
}
