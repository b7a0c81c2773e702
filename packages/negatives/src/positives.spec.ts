import { describe, expect, it } from 'vitest';
import { TINY_CLAIMS, TINY_CORPUS_MAP } from './fixtures/tiny.ts';
import { buildPositives } from './positives.ts';

describe('buildPositives', () => {
  it('gives one example per (claim with evidence, cited abstract)', () => {
    const examples = buildPositives(TINY_CLAIMS, TINY_CORPUS_MAP);
    expect(examples.map((e) => [e.id, e.label, e.evidence, e.source])).toEqual([
      ['10:1', 'SUPPORT', [0, 1], 'gold'],
      ['10:2', 'NOT_ENOUGH_INFO', [], 'cited'],
      ['20:3', 'CONTRADICT', [0], 'gold'],
    ]);
  });

  it('carries the claim, the title and every sentence of the abstract', () => {
    const [first] = buildPositives(TINY_CLAIMS, TINY_CORPUS_MAP);
    expect(first).toEqual({
      id: '10:1',
      claim_id: 10,
      doc_id: 1,
      claim: 'Statins cause muscle pain.',
      title: 'Statins and muscle pain',
      sentences: ['Statins cause muscle pain.', 'Pain rises with dose.'],
      evidence: [0, 1],
      label: 'SUPPORT',
      source: 'gold',
    });
  });

  it('counts an abstract cited twice once', () => {
    const claim = { ...TINY_CLAIMS[1], cited_doc_ids: [3, 3] };
    expect(buildPositives([claim], TINY_CORPUS_MAP)).toHaveLength(1);
  });

  it('refuses an abstract whose rationale sets disagree on the label', () => {
    const claim = {
      id: 99,
      claim: 'x',
      evidence: {
        '1': [
          { sentences: [0], label: 'SUPPORT' as const },
          { sentences: [1], label: 'CONTRADICT' as const },
        ],
      },
      cited_doc_ids: [1],
    };
    expect(() => buildPositives([claim], TINY_CORPUS_MAP)).toThrow(
      'claim 99: abstract 1 mixes labels SUPPORT, CONTRADICT; expected one',
    );
  });
});
