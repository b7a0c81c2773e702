import type { Claim } from '@scifact/data';
import { describe, expect, it } from 'vitest';
import { openCandidates, oracleCandidates } from './candidates.ts';

const claims: Claim[] = [
  { id: 1, claim: 'one citation', cited_doc_ids: [10] },
  { id: 2, claim: 'three citations, one repeated', cited_doc_ids: [20, 21, 20, 22] },
];

describe('oracleCandidates', () => {
  it('takes every cited abstract of a claim, not only the first', () => {
    const candidates = oracleCandidates(claims);
    expect(candidates.map((c) => [c.claimId, c.docId, c.rank])).toEqual([
      [1, 10, 1],
      [2, 20, 1],
      [2, 21, 2],
      [2, 22, 3],
    ]);
    expect(candidates.every((c) => c.source === 'oracle' && !c.retrievalScore)).toBe(true);
  });

  it('fails clearly on claims without citations, as on the test split', () => {
    expect(() => oracleCandidates([{ id: 7, claim: 'hidden' }])).toThrow(
      "oracle candidates need each claim's cited_doc_ids, and claim 7 has none",
    );
  });
});

describe('openCandidates', () => {
  const rankings = new Map([
    [1, [{ doc_id: 5, score: 9.5 }, { doc_id: 6, score: 7 }, { doc_id: 7, score: 1 }]],
    [2, [{ doc_id: 8, score: 3 }]],
  ]);

  it('keeps the top k of each ranking with their scores', () => {
    const candidates = openCandidates(claims, rankings, 2);
    expect(candidates).toEqual([
      { claimId: 1, docId: 5, source: 'open', rank: 1, retrievalScore: 9.5 },
      { claimId: 1, docId: 6, source: 'open', rank: 2, retrievalScore: 7 },
      { claimId: 2, docId: 8, source: 'open', rank: 1, retrievalScore: 3 },
    ]);
  });

  it('names a claim the rankings miss', () => {
    expect(() => openCandidates([{ id: 3, claim: 'x' }], rankings, 3)).toThrow(
      'the rankings have no entry for claim 3',
    );
  });
});
