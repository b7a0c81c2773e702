import { describe, expect, it } from 'vitest';
import type { Claim } from '@scifact/data';
import { evaluateRankings } from './evaluate.ts';
import type { Ranking } from './rank.ts';

const support = [{ sentences: [0], label: 'SUPPORT' as const }];
const CLAIMS: Claim[] = [
  { id: 1, claim: 'a', evidence: { '10': support }, cited_doc_ids: [10, 11] },
  { id: 2, claim: 'b', evidence: {}, cited_doc_ids: [20] },
];

function ranking(claim_id: number, ...docIds: number[]): Ranking {
  return { claim_id, ranking: docIds.map((doc_id, i) => ({ doc_id, score: 10 - i })) };
}

describe('evaluateRankings', () => {
  it('scores cited abstracts (BEIR), evidence abstracts and VeriSci hits', () => {
    const metrics = evaluateRankings(CLAIMS, [ranking(1, 11, 5, 6, 10), ranking(2, 20)]);

    expect(metrics.cited).toMatchObject({ claims: 2, relevant: 3 });
    expect(metrics.cited['recall@1']).toBe((0.5 + 1) / 2);
    expect(metrics.cited['recall@3']).toBe((0.5 + 1) / 2);
    expect(metrics.cited['recall@10']).toBe(1);

    expect(metrics.evidence).toMatchObject({ claims: 1, relevant: 1, 'recall@3': 0 });
    expect(metrics.evidence['ndcg@10']).toBeCloseTo(1 / Math.log2(5), 12);

    // Claim 2 has no evidence, so VeriSci counts it a hit; claim 1's evidence is 4th.
    expect(metrics.verisci).toEqual({ claims: 2, 'hit_one@3': 0.5, 'hit_all@3': 0.5 });
  });

  it('names a claim the rankings leave out', () => {
    expect(() => evaluateRankings(CLAIMS, [ranking(1, 10)])).toThrow(
      'the rankings have no entry for claim 2',
    );
  });

  it('refuses claims without labels, such as the test split', () => {
    expect(() => evaluateRankings([{ id: 3, claim: 'c' }], [ranking(3, 1)])).toThrow(
      'claim 3 has no cited_doc_ids or evidence; evaluation needs a labelled split',
    );
  });
});
