import type { Claim } from '@scifact/data';
import { InputError } from '@scifact/data';
import { hitAllAt, hitOneAt, ndcgAt, recallAt } from './metrics.ts';
import type { Ranking } from './rank.ts';

export const RECALL_CUTOFFS = [1, 3, 10, 100] as const;
export const NDCG_CUTOFF = 10;
/** VeriSci passes the top 3 abstracts of its TF-IDF retrieval on to rationale selection. */
export const VERISCI_CUTOFF = 3;

/** Averages over claims that have at least one relevant abstract. */
export interface RelevanceMetrics {
  claims: number;
  relevant: number;
  'recall@1': number;
  'recall@3': number;
  'recall@10': number;
  'recall@100': number;
  'ndcg@10': number;
}

export interface RetrievalMetrics {
  /** BEIR's SciFact qrels: every claim, each of its cited abstracts relevant. */
  cited: RelevanceMetrics;
  /** Claims with evidence, each abstract with evidence relevant. */
  evidence: RelevanceMetrics;
  /** VeriSci's count over every claim; a claim without evidence is a hit. */
  verisci: { claims: number; 'hit_one@3': number; 'hit_all@3': number };
}

/**
 * Scores rankings against a labelled split under the three definitions the references use.
 * Every claim must have a ranking; rankings of other claims are ignored.
 */
export function evaluateRankings(
  claims: readonly Claim[],
  rankings: readonly Ranking[],
): RetrievalMetrics {
  const rankedByClaim = new Map(
    rankings.map((entry) => [entry.claim_id, entry.ranking.map((hit) => hit.doc_id)]),
  );
  const judged = claims.map((claim) => {
    if (!claim.cited_doc_ids || !claim.evidence) {
      const needed = 'evaluation needs a labelled split (train or dev)';
      throw new InputError(`claim ${claim.id} has no cited_doc_ids or evidence; ${needed}`);
    }
    const ranked = rankedByClaim.get(claim.id);
    if (!ranked) throw new InputError(`the rankings have no entry for claim ${claim.id}`);
    return {
      ranked,
      cited: new Set(claim.cited_doc_ids),
      evidence: new Set(Object.keys(claim.evidence).map(Number)),
    };
  });

  const hits = (test: typeof hitOneAt) =>
    mean(judged.map((claim) => (test(claim.ranked, claim.evidence, VERISCI_CUTOFF) ? 1 : 0)));
  return {
    cited: scoreRelevance(judged.map((claim) => ({ ranked: claim.ranked, relevant: claim.cited }))),
    evidence: scoreRelevance(
      judged.map((claim) => ({ ranked: claim.ranked, relevant: claim.evidence })),
    ),
    verisci: {
      claims: judged.length,
      'hit_one@3': hits(hitOneAt),
      'hit_all@3': hits(hitAllAt),
    },
  };
}

interface Judged {
  ranked: number[];
  relevant: ReadonlySet<number>;
}

function scoreRelevance(all: Judged[]): RelevanceMetrics {
  const judged = all.filter((claim) => claim.relevant.size > 0);
  const recall = (k: number) => mean(judged.map((c) => recallAt(c.ranked, c.relevant, k)));
  return {
    claims: judged.length,
    relevant: judged.reduce((sum, claim) => sum + claim.relevant.size, 0),
    'recall@1': recall(RECALL_CUTOFFS[0]),
    'recall@3': recall(RECALL_CUTOFFS[1]),
    'recall@10': recall(RECALL_CUTOFFS[2]),
    'recall@100': recall(RECALL_CUTOFFS[3]),
    'ndcg@10': mean(judged.map((c) => ndcgAt(c.ranked, c.relevant, NDCG_CUTOFF))),
  };
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}
