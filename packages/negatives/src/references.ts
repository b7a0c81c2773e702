import type { Claim, CorpusDoc } from '@scifact/data';

/**
 * What is wrong with a claim's references to the corpus, or undefined when nothing is: every
 * cited abstract and every evidence abstract must exist, and every evidence sentence must lie
 * inside its abstract.
 */
export function findBadReference(
  claim: Claim,
  corpus: ReadonlyMap<number, CorpusDoc>,
): string | undefined {
  for (const docId of claim.cited_doc_ids ?? []) {
    if (!corpus.has(docId)) return `claim ${claim.id} cites abstract ${docId}, not in the corpus`;
  }

  for (const [docKey, rationales] of Object.entries(claim.evidence ?? {})) {
    const doc = corpus.get(Number(docKey));
    if (!doc) return `claim ${claim.id} has evidence in abstract ${docKey}, not in the corpus`;
    for (const rationale of rationales) {
      const outside = rationale.sentences.find((index) => index >= doc.abstract.length);
      if (outside !== undefined) {
        return (
          `claim ${claim.id}: evidence sentence ${outside} of abstract ${docKey} is outside ` +
          `its ${doc.abstract.length} sentences`
        );
      }
    }
  }
  return undefined;
}
