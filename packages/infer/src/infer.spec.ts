import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, loadCorpus, type Claim, type CorpusDoc } from '@scifact/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInBatches } from './batching.ts';
import type { Candidate } from './candidates.ts';
import { loadModelFolder, type ModelFolder } from './model.ts';
import { scoreCandidates } from './infer.ts';
import { roundProbability } from './records.ts';
import { openVerifier, type VerifierSession } from './runtime.ts';
import { argmax } from './math.ts';

const tinyModelDir = fileURLToPath(new URL('../fixtures/tiny-model', import.meta.url));
const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = join(workspaceRoot, '../shared/data/scifact');

/** 21 sentences: more than one input may hold whatever the tokenizer. */
const LONG_DOC_ID = 849771;

describe('scoreCandidates on a long abstract', () => {
  let session: VerifierSession;
  let encoder: ModelFolder;
  let corpus: Map<number, CorpusDoc>;
  const claim: Claim = { id: 1, claim: 'Vitamin D lowers the risk of fractures.' };

  beforeAll(async () => {
    session = await openVerifier(
      join(tinyModelDir, 'model.onnx'),
      { threads: 1 },
      createLogger('silent'),
    );
    encoder = await loadModelFolder(tinyModelDir, createLogger('silent'));
    corpus = await loadCorpus(dataDir);
  });
  afterAll(async () => {
    await session.release();
  });

  it('scores it in windows and takes each sentence from the window that holds it', async () => {
    const doc = corpus.get(LONG_DOC_ID)!;
    const candidate: Candidate = { claimId: 1, docId: LONG_DOC_ID, source: 'oracle', rank: 1 };
    const result = await scoreCandidates([candidate], new Map([[1, claim]]), corpus, {
      session,
      encode: encoder.encode,
      padId: encoder.padId,
      batchSize: 4,
    });

    // The same windows, run on their own, one at a time.
    const windows = encoder.encode(claim.claim, doc.abstract);
    const alone = await runInBatches(session, windows, { batchSize: 1 });
    expect(windows.length).toBeGreaterThan(1);
    expect(result).toMatchObject({ inputs: windows.length, windowedAbstracts: 1 });

    const [record] = result.records;
    expect(record.sentence_probs).toHaveLength(doc.abstract.length);
    windows.forEach((window, w) => {
      window.sentenceIndices.forEach((sentence, k) => {
        expect(record.sentence_probs[sentence]).toBeCloseTo(alone[w].sentenceProbs[k], 5);
      });
    });

    const peaks = alone.map((output) => Math.max(...output.sentenceProbs));
    const expectedLabel = alone[argmax(peaks)].labelProbs.map(roundProbability);
    record.label_probs.forEach((p, i) => expect(p).toBeCloseTo(expectedLabel[i], 5));
  });

  it('keeps candidate order and fields, whatever order the batches ran in', async () => {
    const docIds = [LONG_DOC_ID, ...[...corpus.keys()].slice(0, 5)];
    const candidates: Candidate[] = docIds.map((docId, i) => ({
      claimId: 1,
      docId,
      source: 'open',
      rank: i + 1,
      retrievalScore: 10 - i,
    }));
    const { records } = await scoreCandidates(candidates, new Map([[1, claim]]), corpus, {
      session,
      encode: encoder.encode,
      batchSize: 3,
    });

    expect(records.map((r) => [r.doc_id, r.rank, r.retrieval_score])).toEqual(
      candidates.map((c) => [c.docId, c.rank, c.retrievalScore]),
    );
    records.forEach((record, i) => {
      expect(record.sentence_probs).toHaveLength(corpus.get(docIds[i])!.abstract.length);
    });
  });

  it('names a candidate abstract missing from the corpus', async () => {
    const candidate: Candidate = { claimId: 1, docId: 42, source: 'oracle', rank: 1 };
    await expect(
      scoreCandidates([candidate], new Map([[1, claim]]), corpus, {
        session,
        encode: encoder.encode,
        batchSize: 2,
      }),
    ).rejects.toThrow('claim 1 cites doc 42, not in the corpus');
  });
});
