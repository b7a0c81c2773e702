import {
  InputError,
  type Claim,
  type CorpusDoc,
  type Logger,
  type ProbabilityRecord,
} from '@scifact/data';
import { runInBatches, type ModelInput } from './batching.ts';
import type { Candidate } from './candidates.ts';
import { roundProbability } from './records.ts';
import type { VerifierSession } from './runtime.ts';
import { combineWindows, type WindowProbabilities } from './windows.ts';

/** One model input holding some sentences of an abstract, `sentenceIndices` in order. */
export interface EncodedWindow extends ModelInput {
  sentenceIndices: number[];
}

/** Turns a claim and an abstract's sentences into one or more windows that fit the model. */
export type WindowEncoder = (claim: string, sentences: readonly string[]) => EncodedWindow[];

export interface ScoreCandidatesOptions {
  session: VerifierSession;
  encode: WindowEncoder;
  batchSize: number;
  padId?: number;
  logger?: Logger;
}

export interface ScoreCandidatesResult {
  records: ProbabilityRecord[];
  /** Model inputs run: one per abstract, more for abstracts split into windows. */
  inputs: number;
  /** Abstracts that needed more than one window. */
  windowedAbstracts: number;
}

interface PendingWindow {
  candidate: number;
  sentenceIndices: number[];
}

/**
 * Scores every sentence of every candidate abstract with the model. Every window of every
 * candidate goes into one pool, run in padded batches of similar length; the windows of
 * each abstract are then combined (see `combineWindows`) into one record per candidate, in
 * candidate order.
 */
export async function scoreCandidates(
  candidates: readonly Candidate[],
  claims: ReadonlyMap<number, Claim>,
  corpus: ReadonlyMap<number, CorpusDoc>,
  options: ScoreCandidatesOptions,
): Promise<ScoreCandidatesResult> {
  const inputs: ModelInput[] = [];
  const pending: PendingWindow[] = [];
  let windowedAbstracts = 0;

  candidates.forEach((candidate, index) => {
    const claim = claims.get(candidate.claimId);
    const doc = corpus.get(candidate.docId);
    if (!claim) throw new InputError(`candidate names unknown claim ${candidate.claimId}`);
    if (!doc) {
      const message = `claim ${candidate.claimId} cites doc ${candidate.docId}, not in the corpus`;
      throw new InputError(message);
    }

    const windows = options.encode(claim.claim, doc.abstract);
    if (windows.length > 1) windowedAbstracts += 1;
    for (const window of windows) {
      inputs.push(window);
      pending.push({ candidate: index, sentenceIndices: window.sentenceIndices });
    }
  });

  const outputs = await runInBatches(options.session, inputs, {
    batchSize: options.batchSize,
    padId: options.padId,
    onBatch: (done, total) => options.logger?.progress('infer: batches', done, total),
  });

  const windowsByCandidate = candidates.map((): WindowProbabilities[] => []);
  outputs.forEach((output, i) => {
    const { candidate, sentenceIndices } = pending[i];
    windowsByCandidate[candidate].push({ sentenceIndices, ...output });
  });

  const records = candidates.map((candidate, index) => {
    const sentenceCount = corpus.get(candidate.docId)!.abstract.length;
    const combined = combineWindows(windowsByCandidate[index], sentenceCount);
    return toRecord(candidate, combined.labelProbs, combined.sentenceProbs);
  });
  return { records, inputs: inputs.length, windowedAbstracts };
}

function toRecord(
  candidate: Candidate,
  labelProbs: readonly number[],
  sentenceProbs: readonly number[],
): ProbabilityRecord {
  return {
    claim_id: candidate.claimId,
    doc_id: candidate.docId,
    source: candidate.source,
    rank: candidate.rank,
    ...(candidate.retrievalScore === undefined
      ? {}
      : { retrieval_score: candidate.retrievalScore }),
    label_probs: labelProbs.map(roundProbability) as [number, number, number],
    sentence_probs: sentenceProbs.map(roundProbability),
  };
}
