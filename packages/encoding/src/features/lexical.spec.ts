import { describe, expect, it } from 'vitest';
import type { CorpusDoc } from '@scifact/data';
import {
  buildLexicalStatistics,
  corpusLexicalStatistics,
  inverseFrequency,
  LEXICAL_FEATURES,
  lexicalFeatures,
} from './lexical.ts';

const CORPUS_SENTENCES = [
  'Aspirin lowers the risk of stroke in adults.',
  'Mice were fed a high fat diet.',
  'Stroke incidence was measured over ten years.',
  'The diet had no effect on weight.',
];
const statistics = buildLexicalStatistics(CORPUS_SENTENCES);

describe('lexicalFeatures', () => {
  it('gives each sentence one value per feature, each within [0, 1]', () => {
    const rows = lexicalFeatures(statistics, 'Aspirin reduces stroke risk', CORPUS_SENTENCES);

    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row).toHaveLength(LEXICAL_FEATURES.length);
      for (const value of row) expect(value).toBeGreaterThanOrEqual(0);
      for (const value of row) expect(value).toBeLessThanOrEqual(1);
    }
  });

  it('scores the sentence that shares the rarest claim terms highest, rank 1', () => {
    const rows = lexicalFeatures(statistics, 'Aspirin reduces stroke risk', CORPUS_SENTENCES);

    expect(rows[0]).toEqual([1, 1, expect.any(Number)]);
    expect(rows[2][0]).toBeGreaterThan(0);
    expect(rows[2][0]).toBeLessThan(1);
    expect(rows[2][1]).toBe(0.5);
    expect(rows[1]).toEqual([0, 0, 0]);
  });

  it('weighs claim coverage by inverse frequency', () => {
    const [row] = lexicalFeatures(statistics, 'aspirin stroke', ['stroke']);
    const aspirin = inverseFrequency(statistics, 'aspirin');
    const stroke = inverseFrequency(statistics, 'stroke');

    expect(row[2]).toBeCloseTo(stroke / (aspirin + stroke), 12);
  });

  it('returns zeros for a claim with no indexable terms', () => {
    expect(lexicalFeatures(statistics, 'the of a', ['Aspirin works.'])).toEqual([[0, 0, 0]]);
  });

  it('counts every abstract sentence of a corpus', () => {
    const docs = [
      { doc_id: 1, title: 't', abstract: CORPUS_SENTENCES.slice(0, 2), structured: false },
      { doc_id: 2, title: 't', abstract: CORPUS_SENTENCES.slice(2), structured: false },
    ] as CorpusDoc[];

    const fromCorpus = corpusLexicalStatistics(docs);

    expect(fromCorpus).toEqual(statistics);
  });
});
