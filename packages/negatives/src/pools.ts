import type { Claim, CorpusDoc } from '@scifact/data';
import { buildOverlapIndex, type Bm25Index } from '@scifact/retrieval';
import { POOL_SIZE } from './options.ts';
import { citedDocIds } from './positives.ts';

/**
 * The abstracts a claim may be paired with as a negative. No pool ever holds an abstract the
 * claim cites: those are either positives or, for claims without evidence, the separate
 * cited-negatives kind.
 */
export type Pool = (claim: Claim) => readonly number[];

/** Any abstract of the corpus the claim does not cite. */
export function randomPool(corpus: ReadonlyMap<number, CorpusDoc>): Pool {
  const docIds = [...corpus.keys()];
  return (claim) => {
    const cited = new Set(citedDocIds(claim));
    return docIds.filter((docId) => !cited.has(docId));
  };
}

/**
 * The notebook's lexical rule: the 5 abstracts sharing the most non-stopword whitespace
 * tokens with the claim. Unlike the notebook, it skips the claim's cited abstracts, so that a
 * lexical negative is never a cited one under another name.
 */
export function lexicalPool(corpus: ReadonlyMap<number, CorpusDoc>): Pool {
  const index = buildOverlapIndex([...corpus.values()]);
  return cachedPool((claim) =>
    index.top(claim.claim, POOL_SIZE, new Set(citedDocIds(claim))).map((hit) => hit.doc_id),
  );
}

/** The 5 best BM25 abstracts the claim does not cite. */
export function bm25Pool(index: Bm25Index): Pool {
  return cachedPool((claim) =>
    index
      .search(claim.claim, POOL_SIZE, { exclude: new Set(citedDocIds(claim)) })
      .map((hit) => hit.doc_id),
  );
}

// Ranked pools are asked for again in every round of a draw; ranking once per claim is enough.
function cachedPool(pool: Pool): Pool {
  const cache = new Map<number, readonly number[]>();
  return (claim) => {
    let docIds = cache.get(claim.id);
    if (!docIds) {
      docIds = pool(claim);
      cache.set(claim.id, docIds);
    }
    return docIds;
  };
}
