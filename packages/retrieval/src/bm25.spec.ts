import { describe, expect, it } from 'vitest';
import { buildIndex } from './bm25.ts';
import { doc } from './fixtures/doc.ts';

const CORPUS = [
  doc(1, 'Aspirin', 'Aspirin reduces pain.'),
  doc(2, 'Pain', 'Ibuprofen reduces fever and pain.'),
  doc(3, 'Fever', 'Fever in children.'),
];
const plain = { stem: false, stopwords: false, titleWeight: 1 };

/** BM25 written out for one query term: Lucene's idf and the usual saturation. */
function expectedScore(tf: number, df: number, length: number, k1: number, b: number) {
  const documents = 3;
  const averageLength = (4 + 6 + 4) / 3;
  const idf = Math.log(1 + (documents - df + 0.5) / (df + 0.5));
  return (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / averageLength));
}

describe('buildIndex', () => {
  it('scores with BM25 under the k1 and b it is given', () => {
    for (const [k1, b] of [
      [1.2, 0.75],
      [0.5, 0],
    ]) {
      const index = buildIndex(CORPUS, { ...plain, k1, b });
      const hits = index.search('aspirin', 10);
      expect(hits).toHaveLength(1);
      expect(hits[0].doc_id).toBe(1);
      expect(hits[0].score).toBeCloseTo(expectedScore(2, 1, 4, k1, b), 12);
    }
  });

  it('sums the terms of a query, counting a repeated term each time', () => {
    const index = buildIndex(CORPUS, { ...plain, k1: 0.9, b: 0.4 });
    const [pain] = index.search('pain', 1);
    expect(pain).toEqual({ doc_id: 2, score: expectedScore(2, 2, 6, 0.9, 0.4) });

    const once = index.search('fever pain', 3);
    const twice = index.search('fever pain pain', 3);
    const painOf = (docId: number) => index.search('pain', 3).find((h) => h.doc_id === docId)!;
    const byId = (hits: typeof once) => new Map(hits.map((hit) => [hit.doc_id, hit.score]));
    expect(byId(twice).get(1)).toBeCloseTo(byId(once).get(1)! + painOf(1).score, 12);
  });

  it('ranks best first and breaks ties by the smaller doc id', () => {
    const twins = [doc(9, 'Same text'), doc(4, 'Same text'), doc(7, 'Other words')];
    const hits = buildIndex(twins, plain).search('same', 10);
    expect(hits.map((hit) => hit.doc_id)).toEqual([4, 9]);
  });

  it('keeps at most k hits, and only abstracts sharing a term', () => {
    const index = buildIndex(CORPUS, plain);
    expect(index.search('reduces pain fever', 2).map((hit) => hit.doc_id)).toEqual([2, 1]);
    expect(index.search('reduces', 10)).toHaveLength(2);
    expect(index.search('reduces', 0)).toEqual([]);
    expect(index.search('unheard-of words', 10)).toEqual([]);
  });

  it('leaves out the abstracts it is told to exclude', () => {
    const index = buildIndex(CORPUS, plain);
    const hits = index.search('pain', 10, { exclude: new Set([2]) });
    expect(hits.map((hit) => hit.doc_id)).toEqual([1]);
  });

  it('weights title terms by titleWeight', () => {
    const docs = [doc(1, 'Statins', 'Unrelated words here.'), doc(2, 'Other', 'Statins here.')];
    const top = (titleWeight: number) =>
      buildIndex(docs, { ...plain, titleWeight, b: 0 }).search('statins', 1)[0];
    expect(top(1).score).toBeCloseTo(top(1).score);
    expect(top(3).doc_id).toBe(1);
    expect(top(0).doc_id).toBe(2);
  });

  it('stems and drops stopwords by default, so word forms meet', () => {
    const index = buildIndex(CORPUS);
    expect(index.search('the reduction of fevers', 1)[0].doc_id).toBe(3);
    expect(index.settings).toMatchObject({ stem: true, stopwords: true });
  });

  it('rejects settings out of range, naming the option and the value', () => {
    expect(() => buildIndex(CORPUS, { b: 1.5 })).toThrow(
      'BM25 option b must be within [0, 1]; received 1.5',
    );
    expect(() => buildIndex(CORPUS, { k1: -1 })).toThrow(
      'BM25 option k1 must be a finite number >= 0; received -1',
    );
  });
});
