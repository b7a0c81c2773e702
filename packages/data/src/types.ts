/** A label an evidence set can carry. */
export type EvidenceLabel = 'SUPPORT' | 'CONTRADICT';

/** A label a verifier can give an abstract. */
export type Verdict = EvidenceLabel | 'NOT_ENOUGH_INFO';

export const EVIDENCE_LABELS: readonly EvidenceLabel[] = ['SUPPORT', 'CONTRADICT'];

/** Class order of every model's label head: index 0 is SUPPORT. */
export const VERDICTS: readonly Verdict[] = ['SUPPORT', 'CONTRADICT', 'NOT_ENOUGH_INFO'];

/** One rationale set: sentence indices into the abstract, and the label they justify. */
export interface Rationale {
  sentences: number[];
  label: EvidenceLabel;
}

/** A SciFact claim. Test claims carry only `id` and `claim`. */
export interface Claim {
  id: number;
  claim: string;
  /** Rationale sets keyed by the abstract's doc id, written as a string as in the release. */
  evidence?: Record<string, Rationale[]>;
  cited_doc_ids?: number[];
}

/** An abstract of the SciFact corpus. */
export interface CorpusDoc {
  doc_id: number;
  title: string;
  abstract: string[];
  structured: boolean;
}

export type Split = 'train' | 'dev' | 'test';

export const SPLITS: readonly Split[] = ['train', 'dev', 'test'];

/** One abstract's prediction in the official format. */
export interface AbstractPrediction {
  sentences: number[];
  label: EvidenceLabel;
}

/** One line of an official prediction file. */
export interface Prediction {
  id: number;
  evidence: Record<string, AbstractPrediction>;
}

/** Where a training example's abstract came from. */
export type ExampleSource = 'gold' | 'cited' | 'random' | 'lexical' | 'bm25';

/** One training example: a claim, one abstract, its evidence sentences and label. */
export interface Example {
  /** `<claim id>:<doc id>`, unique within an example set. */
  id: string;
  claim_id: number;
  doc_id: number;
  claim: string;
  title: string;
  sentences: string[];
  /** Indices of every rationale sentence of this abstract, sorted, without repeats. */
  evidence: number[];
  label: Verdict;
  source: ExampleSource;
}
