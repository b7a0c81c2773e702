import { describe, expect, it } from 'vitest';
import { decodeAbstract, decodePredictions, rankEvidence } from './decode.ts';
import type { ProbabilityRecord } from '@scifact/data';

function record(
  claimId: number,
  docId: number,
  labelProbs: [number, number, number],
  sentenceProbs: number[],
): ProbabilityRecord {
  return {
    claim_id: claimId,
    doc_id: docId,
    source: 'oracle',
    rank: 1,
    label_probs: labelProbs,
    sentence_probs: sentenceProbs,
  };
}

const strict = { threshold: 0.5, neiRule: 'strict' } as const;
const relaxed = { threshold: 0.5, neiRule: 'relaxed' } as const;

describe('rankEvidence', () => {
  it('lists passing sentences by falling probability, ties by index', () => {
    expect(rankEvidence([0.2, 0.9, 0.6, 0.9, 0.5], 0.5)).toEqual([1, 3, 2, 4]);
  });

  it('counts a probability equal to the threshold as passing', () => {
    expect(rankEvidence([0.4, 0.5], 0.5)).toEqual([1]);
  });
});

describe('decodeAbstract', () => {
  it('takes the argmax of label_probs as the label', () => {
    const decoded = decodeAbstract(record(1, 10, [0.2, 0.7, 0.1], [0.9, 0.1]), strict);
    expect(decoded).toEqual({ label: 'CONTRADICT', sentences: [0] });
  });

  it('leaves out an abstract the classifier labels NOT_ENOUGH_INFO, under both rules', () => {
    const nei = record(1, 10, [0.2, 0.1, 0.7], [0.9, 0.8]);
    expect(decodeAbstract(nei, strict)).toBeUndefined();
    expect(decodeAbstract(nei, relaxed)).toBeUndefined();
  });

  it('strict: turns a label without passing sentences into NOT_ENOUGH_INFO', () => {
    expect(decodeAbstract(record(1, 10, [0.8, 0.1, 0.1], [0.3, 0.4]), strict)).toBeUndefined();
  });

  it('relaxed: keeps the label of an abstract without passing sentences', () => {
    const decoded = decodeAbstract(record(1, 10, [0.8, 0.1, 0.1], [0.3, 0.4]), relaxed);
    expect(decoded).toEqual({ label: 'SUPPORT', sentences: [] });
  });

  it('caps the sentences at maxSentences, keeping the most probable', () => {
    const probs = [0.6, 0.9, 0.7, 0.8];
    const decoded = decodeAbstract(record(1, 10, [0.8, 0.1, 0.1], probs), {
      ...strict,
      maxSentences: 2,
    });
    expect(decoded?.sentences).toEqual([1, 3]);
  });

  it('label from evidence: S or C when a sentence passes, even if the argmax is NEI', () => {
    const options = { ...strict, labelFrom: 'evidence' } as const;
    const withEvidence = record(1, 10, [0.1, 0.3, 0.6], [0.9]);
    const without = record(1, 10, [0.8, 0.1, 0.1], [0.2]);
    expect(decodeAbstract(withEvidence, options)).toEqual({
      label: 'CONTRADICT',
      sentences: [0],
    });
    expect(decodeAbstract(without, { ...options, neiRule: 'relaxed' })).toBeUndefined();
  });
});

describe('decodePredictions', () => {
  const records = [
    record(3, 30, [0.8, 0.1, 0.1], [0.2, 0.9]),
    record(3, 31, [0.1, 0.1, 0.8], [0.9]),
    record(1, 10, [0.9, 0.05, 0.05], [0.1]),
  ];

  it('writes one line per claim in first-seen order, NEI abstracts left out', () => {
    expect(decodePredictions(records, strict)).toEqual([
      { id: 3, evidence: { '30': { sentences: [1], label: 'SUPPORT' } } },
      { id: 1, evidence: {} },
    ]);
  });

  it('gives every listed claim a line, in the listed order, even without records', () => {
    const predictions = decodePredictions(records, strict, [1, 2, 3]);
    expect(predictions.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(predictions[1]).toEqual({ id: 2, evidence: {} });
  });

  it('refuses a record whose claim is not listed', () => {
    expect(() => decodePredictions(records, strict, [1])).toThrow(
      'probabilities name claim 3, not in the claim set',
    );
  });

  it('is deterministic: the same input gives byte-identical output', () => {
    const first = JSON.stringify(decodePredictions(records, relaxed, [1, 3]));
    const second = JSON.stringify(decodePredictions(records, relaxed, [1, 3]));
    expect(second).toBe(first);
  });
});
