import type { CorpusDoc } from '@scifact/data';
import { STOPWORDS } from './stopwords.ts';

/**
 * The notebook's lexical rule: an abstract's score is the number of distinct claim tokens
 * (lowercase, split on whitespace, stopwords removed) that also appear among the abstract's
 * tokens (title and sentences, lowercase, split on whitespace). Punctuation stays attached
 * to its token, as it did there.
 */
export interface OverlapHit {
  doc_id: number;
  overlap: number;
}

/** The claim side of the rule: distinct lowercase whitespace tokens that are not stopwords. */
export function claimOverlapTerms(claim: string): Set<string> {
  return new Set(whitespaceTokens(claim).filter((token) => !STOPWORDS.has(token)));
}

function whitespaceTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((token) => token !== '');
}

function docTokens(doc: CorpusDoc): Set<string> {
  return new Set(whitespaceTokens(`${doc.title} ${doc.abstract.join(' ')}`));
}

/**
 * The notebook's scan, kept as it was: for every claim it re-tokenizes every abstract. It is
 * the reference `buildOverlapIndex` must agree with, and the retrieval benchmark's baseline.
 * Ties go to the abstract that comes first in the corpus.
 */
export function scanOverlap(
  claim: string,
  docs: readonly CorpusDoc[],
  n: number,
  exclude?: ReadonlySet<number>,
): OverlapHit[] {
  const terms = claimOverlapTerms(claim);
  const scored: OverlapHit[] = [];
  for (const doc of docs) {
    if (exclude?.has(doc.doc_id)) continue;
    const tokens = docTokens(doc);
    let overlap = 0;
    for (const term of terms) if (tokens.has(term)) overlap += 1;
    scored.push({ doc_id: doc.doc_id, overlap });
  }

  // Array.prototype.sort is stable, so equal overlaps keep corpus order.
  return scored.sort((a, b) => b.overlap - a.overlap).slice(0, Math.max(0, n));
}

/** The notebook's rule over token sets computed once: `scanOverlap`'s answers, faster. */
export interface OverlapIndex {
  top(claim: string, n: number, exclude?: ReadonlySet<number>): OverlapHit[];
}

export function buildOverlapIndex(docs: readonly CorpusDoc[]): OverlapIndex {
  const docsByToken = new Map<string, number[]>();
  docs.forEach((doc, docIndex) => {
    for (const token of docTokens(doc)) {
      const list = docsByToken.get(token);
      if (list) list.push(docIndex);
      else docsByToken.set(token, [docIndex]);
    }
  });

  return {
    top(claim, n, exclude) {
      const overlaps = new Int32Array(docs.length);
      for (const term of claimOverlapTerms(claim)) {
        for (const docIndex of docsByToken.get(term) ?? []) overlaps[docIndex] += 1;
      }

      const order: number[] = [];
      for (let docIndex = 0; docIndex < docs.length; docIndex += 1) {
        if (!exclude?.has(docs[docIndex].doc_id)) order.push(docIndex);
      }
      order.sort((a, b) => overlaps[b] - overlaps[a] || a - b);
      return order.slice(0, Math.max(0, n)).map((docIndex) => ({
        doc_id: docs[docIndex].doc_id,
        overlap: overlaps[docIndex],
      }));
    },
  };
}
