import {
  InputError,
  makeExample,
  type Claim,
  type CorpusDoc,
  type Example,
  type ExampleSource,
  type Verdict,
} from '@scifact/data';

export function hasEvidence(claim: Claim): boolean {
  return Object.keys(claim.evidence ?? {}).length > 0;
}

/** A claim's cited abstracts, each once, in the order it cites them. */
export function citedDocIds(claim: Claim): number[] {
  const evidenceIds = Object.keys(claim.evidence ?? {}).map(Number);
  return [...new Set([...(claim.cited_doc_ids ?? []), ...evidenceIds])];
}

/** An NEI example: the abstract says nothing for or against the claim. */
export function makeNegative(claim: Claim, doc: CorpusDoc, source: ExampleSource): Example {
  return makeExample(claim, doc, 'NOT_ENOUGH_INFO', [], source);
}

/**
 * One example per (claim with evidence, cited abstract). An abstract with evidence gives its
 * label and every rationale sentence (source `gold`); a cited abstract without evidence gives
 * an NEI example (source `cited`).
 */
export function buildPositives(
  claims: readonly Claim[],
  corpus: ReadonlyMap<number, CorpusDoc>,
): Example[] {
  const examples: Example[] = [];
  for (const claim of claims.filter(hasEvidence)) {
    for (const docId of citedDocIds(claim)) {
      const doc = corpus.get(docId)!;
      const rationales = claim.evidence![String(docId)];
      if (!rationales) {
        examples.push(makeNegative(claim, doc, 'cited'));
        continue;
      }

      const labels = [...new Set(rationales.map((rationale) => rationale.label))];
      if (labels.length > 1) {
        throw new InputError(
          `claim ${claim.id}: abstract ${docId} mixes labels ${labels.join(', ')}; expected one`,
        );
      }
      const sentences = new Set(rationales.flatMap((rationale) => rationale.sentences));
      const evidence = [...sentences].sort((a, b) => a - b);
      examples.push(makeExample(claim, doc, labels[0], evidence, 'gold'));
    }
  }
  return examples;
}
