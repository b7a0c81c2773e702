import type { Claim, CorpusDoc, Example, ExampleSource, Verdict } from './types.ts';

/** The training example pairing `claim` with the whole of `doc`, as every stage builds it. */
export function makeExample(
  claim: Claim,
  doc: CorpusDoc,
  label: Verdict,
  evidence: number[],
  source: ExampleSource,
): Example {
  return {
    id: `${claim.id}:${doc.doc_id}`,
    claim_id: claim.id,
    doc_id: doc.doc_id,
    claim: claim.claim,
    title: doc.title,
    sentences: doc.abstract,
    evidence,
    label,
    source,
  };
}
