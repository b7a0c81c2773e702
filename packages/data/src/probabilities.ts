import { InputError } from './errors.ts';
import { readJsonlLines } from './jsonl.ts';

/** Where an abstract under verification came from: the claim's citations, or retrieval. */
export type CandidateSource = 'oracle' | 'open';

export const CANDIDATE_SOURCES: readonly CandidateSource[] = ['oracle', 'open'];

/**
 * One line of the infer stage's `probabilities.jsonl`: a (claim, abstract) pair, the label
 * distribution in `VERDICTS` order, and one evidence probability per sentence. Infer writes
 * it and decode reads it, so it lives here, beside the other records stages exchange.
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

/** Throws a message naming the claim and field when a parsed line is not a record. */
export function checkProbabilityRecord(value: unknown): ProbabilityRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`expected an object, received ${JSON.stringify(value)}`);
  }
  const record = value as Record<string, unknown>;
  const where = `claim ${String(record.claim_id)}, doc ${String(record.doc_id)}`;

  for (const field of ['claim_id', 'doc_id', 'rank']) {
    if (!Number.isInteger(record[field])) {
      throw new Error(`${where}: expected an integer ${field}, received ${record[field]}`);
    }
  }
  if (!CANDIDATE_SOURCES.includes(record.source as CandidateSource)) {
    throw new Error(`${where}: expected source oracle or open, received ${record.source}`);
  }
  if (!isProbabilityArray(record.label_probs) || record.label_probs.length !== 3) {
    const received = JSON.stringify(record.label_probs);
    throw new Error(`${where}: expected label_probs as 3 probabilities, received ${received}`);
  }
  if (!isProbabilityArray(record.sentence_probs)) {
    const received = JSON.stringify(record.sentence_probs);
    throw new Error(`${where}: expected sentence_probs as probabilities, received ${received}`);
  }
  return record as unknown as ProbabilityRecord;
}

function isProbabilityArray(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.every((p) => typeof p === 'number' && Number.isFinite(p) && p >= 0 && p <= 1)
  );
}

/**
 * Reads a whole `probabilities.jsonl`, checking every record and refusing a (claim, abstract)
 * pair that appears twice, since decoding would silently keep only one of them.
 *
 * @example const records = await readProbabilities('artifacts/infer/<key>/probabilities.jsonl');
 */
export async function readProbabilities(file: string): Promise<ProbabilityRecord[]> {
  const records: ProbabilityRecord[] = [];
  const firstLine = new Map<string, number>();

  for await (const { value, line } of readJsonlLines(file, checkProbabilityRecord)) {
    const pair = `${value.claim_id}:${value.doc_id}`;
    const earlier = firstLine.get(pair);
    if (earlier !== undefined) {
      const pairName = `claim ${value.claim_id}, doc ${value.doc_id}`;
      throw new InputError(`${pairName} appears again (first at line ${earlier})`, { file, line });
    }
    firstLine.set(pair, line);
    records.push(value);
  }
  return records;
}
