/**
 * Ranking metrics over one claim's ranked doc ids and its set of relevant doc ids, with
 * binary relevance. Each is a small pure function; `evaluate.ts` averages them over claims.
 */

/** Share of the relevant abstracts found in the first `k`; 0 when none are relevant. */
export function recallAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number) {
  if (relevant.size === 0) return 0;
  return countRelevant(ranked.slice(0, k), relevant) / relevant.size;
}

/**
 * Normalised discounted cumulative gain at `k`, as trec_eval's `ndcg_cut` computes it for
 * binary relevance: a hit at rank r (from 1) gains 1 / log2(r + 1), and the ideal ranking
 * puts every relevant abstract first.
 */
export function ndcgAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number) {
  let gain = 0;
  ranked.slice(0, k).forEach((docId, index) => {
    if (relevant.has(docId)) gain += discount(index);
  });

  let ideal = 0;
  for (let index = 0; index < Math.min(k, relevant.size); index += 1) ideal += discount(index);
  return ideal === 0 ? 0 : gain / ideal;
}

function discount(index: number): number {
  return 1 / Math.log2(index + 2);
}

/**
 * VeriSci's "hit one": some relevant abstract is in the first `k`, or the claim has none to
 * find (a claim without evidence counts as a hit).
 */
export function hitOneAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number) {
  return relevant.size === 0 || countRelevant(ranked.slice(0, k), relevant) > 0;
}

/** VeriSci's "hit all": every relevant abstract is in the first `k` (vacuously, for none). */
export function hitAllAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number) {
  return countRelevant(ranked.slice(0, k), relevant) === relevant.size;
}

function countRelevant(ranked: readonly number[], relevant: ReadonlySet<number>): number {
  return new Set(ranked.filter((docId) => relevant.has(docId))).size;
}
