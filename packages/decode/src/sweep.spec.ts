import type { Claim, ProbabilityRecord } from '@scifact/data';
import { describe, expect, it } from 'vitest';
import { sweepDecoding } from './sweep.ts';

const gold: Claim[] = [
  {
    id: 1,
    claim: 'a claim with evidence',
    evidence: { '10': [{ sentences: [0], label: 'SUPPORT' }] },
    cited_doc_ids: [10],
  },
  { id: 2, claim: 'a claim without', evidence: {}, cited_doc_ids: [20] },
];

const records: ProbabilityRecord[] = [
  {
    claim_id: 1,
    doc_id: 10,
    source: 'oracle',
    rank: 1,
    label_probs: [0.8, 0.1, 0.1],
    sentence_probs: [0.55, 0.35],
  },
];

describe('sweepDecoding', () => {
  const thresholds = [0.6, 0.3, 0.5, 0.4];
  const neiRules = ['strict', 'relaxed'] as const;

  it('scores every (rule, threshold) pair, thresholds ascending within a rule', () => {
    const { report } = sweepDecoding(records, gold, { thresholds, neiRules });
    expect(report.rows.map((row) => `${row.rule} ${row.threshold}`)).toEqual([
      'strict 0.3',
      'strict 0.4',
      'strict 0.5',
      'strict 0.6',
      'relaxed 0.3',
      'relaxed 0.4',
      'relaxed 0.5',
      'relaxed 0.6',
    ]);
    expect(report.rows.map((row) => row.metrics.sentence_label.f1.toFixed(3))).toEqual([
      '0.667',
      '1.000',
      '1.000',
      '0.000',
      '0.667',
      '1.000',
      '1.000',
      '0.000',
    ]);
  });

  it('tells the rules apart where no sentence passes: strict drops, relaxed keeps', () => {
    const { report } = sweepDecoding(records, gold, { thresholds: [0.6], neiRules });
    const labelOnly = report.rows.map((row) => row.metrics.abstract_label_only.correct);
    expect(labelOnly).toEqual([0, 1]);
  });

  it('keeps the best threshold per rule, a tie going to the lower one', () => {
    const { report, bestPredictions } = sweepDecoding(records, gold, { thresholds, neiRules });
    expect(report.selected_by).toBe('sentence_label');
    expect(report.best.strict?.threshold).toBe(0.4);
    expect(report.best.relaxed?.threshold).toBe(0.4);
    expect(bestPredictions.strict).toEqual([
      { id: 1, evidence: { '10': { sentences: [0], label: 'SUPPORT' } } },
      { id: 2, evidence: {} },
    ]);
  });

  it('selects by another metric when asked', () => {
    const { report } = sweepDecoding(records, gold, {
      thresholds: [0.3, 0.6],
      neiRules: ['relaxed'],
      selectBy: 'abstract_label_only',
    });
    expect(report.selected_by).toBe('abstract_label_only');
    expect(report.best.relaxed?.threshold).toBe(0.3);
  });

  it('refuses claims without gold evidence, as on the test split', () => {
    const test = [{ id: 1, claim: 'hidden label' }];
    expect(() => sweepDecoding(records, test, { thresholds, neiRules })).toThrow(
      'a sweep needs gold evidence',
    );
  });
});
