import type { Claim, CorpusDoc, Example, ExampleSource } from '@scifact/data';
import type { Pool } from './pools.ts';
import { makeNegative } from './positives.ts';
import type { Random } from './random.ts';

/**
 * Draws `asked` NEI examples in rounds. Each round visits the claims in a fresh random order
 * and gives each one an abstract from its pool that it has not had yet, chosen uniformly. It
 * stops when enough are drawn or every pool is spent, so the claims share the negatives as
 * evenly as their pools allow; fewer than `asked` means every pool was spent. A pool is asked
 * for only when its claim is visited. The examples come back sorted by claim, then doc id.
 */
export function drawNegatives(
  claims: readonly Claim[],
  pool: Pool,
  asked: number,
  random: Random,
  corpus: ReadonlyMap<number, CorpusDoc>,
  source: ExampleSource,
): Example[] {
  const used = new Map<number, Set<number>>(claims.map((claim) => [claim.id, new Set()]));
  const examples: Example[] = [];
  let open = [...claims];

  while (examples.length < asked && open.length > 0) {
    for (const claim of random.shuffle(open)) {
      if (examples.length >= asked) break;
      const taken = used.get(claim.id)!;
      const left = pool(claim).filter((docId) => !taken.has(docId));
      if (left.length === 0) continue;

      const docId = left[random.below(left.length)];
      taken.add(docId);
      examples.push(makeNegative(claim, corpus.get(docId)!, source));
    }
    if (examples.length >= asked) break;
    open = open.filter((claim) => used.get(claim.id)!.size < pool(claim).length);
  }

  return examples.sort((a, b) => a.claim_id - b.claim_id || a.doc_id - b.doc_id);
}
