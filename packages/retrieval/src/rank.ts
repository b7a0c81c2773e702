import { InputError, readJsonlLines, type Claim } from '@scifact/data';
import type { Bm25Index, SearchHit } from './bm25.ts';

/** One line of `rankings.jsonl`: a claim's abstracts, best first. */
export interface Ranking {
  claim_id: number;
  ranking: SearchHit[];
}

/** Ranks the corpus for each claim, keeping the top `k`; `onProgress` hears after each. */
export function rankClaims(
  index: Bm25Index,
  claims: readonly Pick<Claim, 'id' | 'claim'>[],
  k: number,
  onProgress?: (done: number, total: number) => void,
): Ranking[] {
  return claims.map((claim, position) => {
    const ranking = index.search(claim.claim, k);
    onProgress?.(position + 1, claims.length);
    return { claim_id: claim.id, ranking };
  });
}

/**
 * Reads a `rankings.jsonl` in file order, checking each record's shape and refusing a claim
 * ranked twice, since every reader keys rankings by claim; errors name the file and line.
 *
 * @example const byClaim = new Map((await readRankings(file)).map((r) => [r.claim_id, r]));
 */
export async function readRankings(file: string): Promise<Ranking[]> {
  const rankings: Ranking[] = [];
  const firstLine = new Map<number, number>();

  for await (const { value, line } of readJsonlLines(file, checkRanking)) {
    const earlier = firstLine.get(value.claim_id);
    if (earlier !== undefined) {
      const message = `claim ${value.claim_id} is ranked again (first at line ${earlier})`;
      throw new InputError(message, { file, line });
    }
    firstLine.set(value.claim_id, line);
    rankings.push(value);
  }
  return rankings;
}

function checkRanking(value: unknown): Ranking {
  const record = value as Partial<Ranking> | null;
  if (!record || !Number.isInteger(record.claim_id)) {
    throw new Error('expected a record with an integer claim_id');
  }
  const wellFormed =
    Array.isArray(record.ranking) &&
    record.ranking.every(
      (hit) => hit && Number.isInteger(hit.doc_id) && typeof hit.score === 'number',
    );
  if (!wellFormed) {
    throw new Error(`claim ${record.claim_id}: expected ranking to be [{"doc_id", "score"}]`);
  }
  return record as Ranking;
}
