import { describe, expect, it } from 'vitest';
import { loadClaims, loadCorpus, sharedReleaseDir } from '@scifact/data';
import { doc } from './fixtures/doc.ts';
import { buildOverlapIndex, claimOverlapTerms, scanOverlap } from './overlap.ts';

const CORPUS = [
  doc(5, 'Statins and muscle pain', 'Statins cause pain in some patients.'),
  doc(6, 'Muscle biology', 'Muscle fibres grow.'),
  doc(7, 'Unrelated', 'Nothing shared.'),
  doc(8, 'Statins', 'Statins lower cholesterol.'),
];

describe('the notebook lexical rule', () => {
  it('counts distinct lowercase whitespace tokens of the claim, stopwords removed', () => {
    expect([...claimOverlapTerms('The statins cause the Muscle pain.')]).toEqual([
      'statins',
      'cause',
      'muscle',
      'pain.',
    ]);
  });

  it('ranks abstracts by shared tokens, ties in corpus order', () => {
    const hits = scanOverlap('Statins cause muscle pain', CORPUS, 3);
    expect(hits).toEqual([
      { doc_id: 5, overlap: 4 },
      { doc_id: 6, overlap: 1 },
      { doc_id: 8, overlap: 1 },
    ]);
  });

  it('fills up with abstracts that share nothing, and honours exclusions', () => {
    const hits = scanOverlap('statins', CORPUS, 4, new Set([5]));
    expect(hits.map((hit) => hit.doc_id)).toEqual([8, 6, 7]);
  });

  it('gives the same answers from the index as from the scan, on SciFact', async () => {
    const dir = sharedReleaseDir();
    // A slice of the corpus keeps the scan, which re-reads every abstract per claim, quick.
    const corpus = [...(await loadCorpus(dir)).values()].slice(0, 1500);
    const claims = (await loadClaims(dir, 'dev')).slice(0, 3);
    const index = buildOverlapIndex(corpus);
    for (const claim of claims) {
      const exclude = new Set(claim.cited_doc_ids);
      expect(index.top(claim.claim, 5, exclude)).toEqual(
        scanOverlap(claim.claim, corpus, 5, exclude),
      );
    }
  }, 20_000);
});
