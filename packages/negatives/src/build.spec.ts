import { describe, expect, it } from 'vitest';
import type { Example } from '@scifact/data';
import { buildIndex, scanOverlap } from '@scifact/retrieval';
import { buildExamples } from './build.ts';
import { TINY_CLAIMS, TINY_CORPUS, TINY_CORPUS_MAP } from './fixtures/tiny.ts';
import type { ExampleOptions } from './options.ts';

const claimsById = new Map(TINY_CLAIMS.map((claim) => [claim.id, claim]));
const SILENT = new Set([30, 40, 50]);

function build(options: Partial<ExampleOptions> = {}) {
  return buildExamples(TINY_CLAIMS, TINY_CORPUS_MAP, {
    strategy: 'random',
    ratio: 1,
    seed: 42,
    ...options,
  });
}

const bySource = (examples: Example[], source: string) =>
  examples.filter((example) => example.source === source);

describe('buildExamples', () => {
  it('adds floor(ratio x positives) strategy negatives after the positives', () => {
    // 3 positives: two gold abstracts and one cited abstract without evidence.
    for (const [ratio, asked] of [
      [0, 0],
      [0.5, 1],
      [1, 3],
      [2, 6],
    ]) {
      const { examples, summary } = build({ ratio });
      expect(summary.positives).toEqual({ examples: 3, gold: 2, cited_without_evidence: 1 });
      expect(bySource(examples, 'random')).toHaveLength(asked);
      expect(summary.negatives[0]).toMatchObject({ kind: 'strategy', asked, made: asked });
    }
  });

  it.each(['random', 'lexical', 'bm25'] as const)(
    '%s negatives pair claims without evidence with abstracts they do not cite',
    (strategy) => {
      const { examples } = build({ strategy, ratio: 1 });
      const negatives = bySource(examples, strategy);
      expect(negatives).toHaveLength(3);
      for (const example of negatives) {
        expect(SILENT.has(example.claim_id)).toBe(true);
        expect(claimsById.get(example.claim_id)!.cited_doc_ids).not.toContain(example.doc_id);
        expect(example).toMatchObject({ label: 'NOT_ENOUGH_INFO', evidence: [] });
        expect(example.sentences).toEqual(TINY_CORPUS_MAP.get(example.doc_id)!.abstract);
      }
    },
  );

  it('shares negatives across claims evenly, one round at a time', () => {
    const { examples } = build({ ratio: 2 });
    const perClaim = new Map<number, number>();
    for (const example of bySource(examples, 'random')) {
      perClaim.set(example.claim_id, (perClaim.get(example.claim_id) ?? 0) + 1);
    }
    expect([...perClaim.values()]).toEqual([2, 2, 2]);
  });

  it('lexical picks come from the 5 best non-cited abstracts by the notebook rule', () => {
    const { examples } = build({ strategy: 'lexical', ratio: 1 });
    for (const example of bySource(examples, 'lexical')) {
      const claim = claimsById.get(example.claim_id)!;
      const top = scanOverlap(claim.claim, TINY_CORPUS, 5, new Set(claim.cited_doc_ids));
      expect(top.map((hit) => hit.doc_id)).toContain(example.doc_id);
    }
  });

  it('bm25 picks come from the 5 best non-cited BM25 abstracts', () => {
    const index = buildIndex(TINY_CORPUS);
    const { examples } = buildExamples(
      TINY_CLAIMS,
      TINY_CORPUS_MAP,
      { strategy: 'bm25', ratio: 1, seed: 3 },
      { bm25Index: index },
    );
    for (const example of bySource(examples, 'bm25')) {
      const claim = claimsById.get(example.claim_id)!;
      const top = index.search(claim.claim, 5, { exclude: new Set(claim.cited_doc_ids) });
      expect(top.map((hit) => hit.doc_id)).toContain(example.doc_id);
    }
  });

  it('gives the same examples for the same seed, and others for another seed', () => {
    for (const strategy of ['random', 'lexical', 'bm25'] as const) {
      const once = JSON.stringify(build({ strategy, seed: 42 }));
      expect(JSON.stringify(build({ strategy, seed: 42 }))).toBe(once);
      const others = [1, 2, 3].map((seed) => JSON.stringify(build({ strategy, seed })));
      expect(others.some((other) => other !== once)).toBe(true);
    }
  });

  it('says how many it made, and why, when the pools run out', () => {
    // 3 claims without evidence hold at most 3 x 5 lexical pairs; ratio 10 asks for 30.
    const { examples, summary } = build({ strategy: 'lexical', ratio: 10 });
    expect(bySource(examples, 'lexical')).toHaveLength(15);
    expect(summary.negatives[0]).toEqual({
      kind: 'strategy',
      source: 'lexical',
      claims: 3,
      asked: 30,
      made: 15,
      shortfall:
        'asked for 30, made 15: that is every pair the 3 claims offer, ' +
        'each claim being paired at most with its top 5 by lexical',
    });
    expect(new Set(examples.map((example) => example.id)).size).toBe(examples.length);
  });

  it('cited negatives add every cited abstract of claims without evidence', () => {
    const plain = build();
    const { examples, summary } = build({ citedNegatives: true });
    const cited = bySource(examples, 'cited').filter((e) => SILENT.has(e.claim_id));
    expect(cited.map((example) => example.id)).toEqual(['30:4', '40:5', '50:6']);
    expect(summary.by_source.cited).toBe(4);
    expect(summary.negatives[1]).toMatchObject({ kind: 'cited_negatives', made: 3 });

    // Switching one kind on leaves the other kinds' draws as they were.
    expect(bySource(examples, 'random')).toEqual(bySource(plain.examples, 'random'));
  });

  it('bm25 positives negatives pair claims with evidence with non-cited BM25 abstracts', () => {
    const { examples, summary } = build({ bm25PositivesNegatives: 1 });
    const retrieved = bySource(examples, 'bm25');
    expect(retrieved).toHaveLength(3);
    for (const example of retrieved) {
      expect([10, 20]).toContain(example.claim_id);
      expect(claimsById.get(example.claim_id)!.cited_doc_ids).not.toContain(example.doc_id);
      expect(example.label).toBe('NOT_ENOUGH_INFO');
    }
    expect(summary.negatives[1]).toMatchObject({ kind: 'bm25_positives_negatives', made: 3 });
    expect(summary.by_label).toEqual({ SUPPORT: 1, CONTRADICT: 1, NOT_ENOUGH_INFO: 7 });
  });

  it('refuses claims that point at abstracts the corpus lacks', () => {
    const stray = { id: 77, claim: 'x', evidence: {}, cited_doc_ids: [404] };
    expect(() =>
      buildExamples([...TINY_CLAIMS, stray], TINY_CORPUS_MAP, {
        strategy: 'random',
        ratio: 1,
        seed: 1,
      }),
    ).toThrow('claim 77: cited abstract 404 is not in the corpus');
  });

  it('refuses evidence sentences outside their abstract', () => {
    const outside = {
      id: 88,
      claim: 'x',
      evidence: { '4': [{ sentences: [3], label: 'SUPPORT' as const }] },
      cited_doc_ids: [4],
    };
    expect(() =>
      buildExamples([outside], TINY_CORPUS_MAP, { strategy: 'random', ratio: 1, seed: 1 }),
    ).toThrow(
      'claim 88: evidence["4"][0].sentences holds 3, but abstract 4 has 1 sentence (index 0)',
    );
  });
});
