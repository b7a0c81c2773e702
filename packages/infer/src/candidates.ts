import { InputError, type CandidateSource, type Claim } from '@scifact/data';
import type { SearchHit } from '@scifact/retrieval';

/** One abstract to verify a claim against. */
export interface Candidate {
  claimId: number;
  docId: number;
  source: CandidateSource;
  /** 1 for a claim's first candidate. */
  rank: number;
  /** The retrieval score, for open candidates. */
  retrievalScore?: number;
}

/**
 * Every cited abstract of every claim, in citation order, repeats dropped. Claims of the
 * test split carry no citations, so oracle candidates fail there with a pointer to `open`.
 */
export function oracleCandidates(claims: readonly Claim[]): Candidate[] {
  const candidates: Candidate[] = [];
  for (const claim of claims) {
    if (!claim.cited_doc_ids) {
      const message =
        `oracle candidates need each claim's cited_doc_ids, and claim ${claim.id} has none ` +
        '(the test split hides them); use --candidates open';
      throw new InputError(message);
    }

    const docIds = [...new Set(claim.cited_doc_ids)];
    docIds.forEach((docId, index) => {
      candidates.push({ claimId: claim.id, docId, source: 'oracle', rank: index + 1 });
    });
  }
  return candidates;
}

/** The top `k` abstracts of each claim's ranking, with their retrieval scores. */
export function openCandidates(
  claims: readonly Claim[],
  rankings: ReadonlyMap<number, readonly SearchHit[]>,
  k: number,
): Candidate[] {
  const candidates: Candidate[] = [];
  for (const claim of claims) {
    const ranking = rankings.get(claim.id);
    if (!ranking) throw new InputError(`the rankings have no entry for claim ${claim.id}`);

    ranking.slice(0, k).forEach((ranked, index) => {
      candidates.push({
        claimId: claim.id,
        docId: ranked.doc_id,
        source: 'open',
        rank: index + 1,
        retrievalScore: ranked.score,
      });
    });
  }
  return candidates;
}
