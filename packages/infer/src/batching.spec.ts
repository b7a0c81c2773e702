import { fileURLToPath } from 'node:url';
import { createLogger } from '@scifact/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { padBatch, planBatches, runInBatches, type ModelInput } from './batching.ts';
import { openVerifier, type VerifierSession } from './runtime.ts';

const tinyModel = fileURLToPath(new URL('../fixtures/tiny-model/model.onnx', import.meta.url));

/** Inputs of varied lengths: `[CLS]=2 ... [SEP]=3` with one [SEP] per sentence. */
function makeInputs(): ModelInput[] {
  const lengths = [5, 12, 7, 30, 12, 3];
  return lengths.map((length, n) => {
    const inputIds = Array.from({ length }, (_, i) => (i === 0 ? 2 : 10 + ((i * 7 + n) % 80)));
    const sentencePositions = [];
    for (let i = 2; i < length; i += 3) {
      inputIds[i] = 3;
      sentencePositions.push(i);
    }
    return { inputIds, sentencePositions };
  });
}

describe('planBatches', () => {
  it('orders by falling length, ties by index, and cuts into batches', () => {
    expect(planBatches(makeInputs(), 4)).toEqual([
      [3, 1, 4, 2],
      [0, 5],
    ]);
  });
});

describe('padBatch', () => {
  it('pads ids and positions to the longest member and masks the padding', () => {
    const inputs = [
      { inputIds: [2, 9, 3], sentencePositions: [2] },
      { inputIds: [2, 9, 3, 9, 3], sentencePositions: [2, 4] },
    ];
    const batch = padBatch(inputs, [1, 0], 0);
    expect([batch.size, batch.length, batch.sentences]).toEqual([2, 5, 2]);
    expect(Array.from(batch.inputIds, Number)).toEqual([2, 9, 3, 9, 3, 2, 9, 3, 0, 0]);
    expect(Array.from(batch.attentionMask, Number)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(Array.from(batch.sentencePositions, Number)).toEqual([2, 4, 2, 0]);
  });
});

describe('runInBatches on a tiny random model', () => {
  let session: VerifierSession;
  beforeAll(async () => {
    session = await openVerifier(tinyModel, { threads: 1 }, createLogger('silent'));
  });
  afterAll(async () => {
    await session.release();
  });

  it('gives each input one probability per sentence, in the inputs own order', async () => {
    const inputs = makeInputs();
    const results = await runInBatches(session, inputs, { batchSize: 4 });
    expect(results.map((r) => r.sentenceProbs.length)).toEqual(
      inputs.map((input) => input.sentencePositions.length),
    );
    for (const { labelProbs } of results) {
      expect(labelProbs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
  });

  it('agrees with one-at-a-time inference: padding changes nothing', async () => {
    const inputs = makeInputs();
    const batched = await runInBatches(session, inputs, { batchSize: 6 });
    const single = await runInBatches(session, inputs, { batchSize: 1 });
    batched.forEach((result, i) => {
      result.labelProbs.forEach((p, j) => expect(p).toBeCloseTo(single[i].labelProbs[j], 5));
      result.sentenceProbs.forEach((p, j) => {
        expect(p).toBeCloseTo(single[i].sentenceProbs[j], 5);
      });
    });
  });
});

describe('padBatch with sentence features', () => {
  it('lays features out as [batch, sentences, features], padded slots 0', () => {
    const inputs = [
      {
        inputIds: [2, 5, 3, 6, 3],
        sentencePositions: [2, 4],
        sentenceFeatures: [
          [1, 2],
          [3, 4],
        ],
      },
      { inputIds: [2, 5, 3], sentencePositions: [2], sentenceFeatures: [[5, 6]] },
    ];

    const batch = padBatch(inputs, [0, 1]);

    expect(batch.sentenceFeatures?.count).toBe(2);
    expect(Array.from(batch.sentenceFeatures!.data)).toEqual([1, 2, 3, 4, 5, 6, 0, 0]);
    expect(padBatch([{ inputIds: [2, 3], sentencePositions: [1] }], [0])).not.toHaveProperty(
      'sentenceFeatures',
    );
  });
});
