import { describe, expect, it } from 'vitest';
import { loadClaims, loadCorpus, sharedReleaseDir } from '@scifact/data';
import { buildExamples } from './build.ts';

// The counts packages/negatives/README.md reports for the focused grid's example sets.
describe('the focused grid example sets, on SciFact train', () => {
  it.each(['random', 'lexical'] as const)(
    '%s at ratio 0.3, seed 42',
    async (strategy) => {
      const dir = sharedReleaseDir();
      const corpus = await loadCorpus(dir);
      const claims = await loadClaims(dir, 'train');
      const { examples, summary } = buildExamples(claims, corpus, {
        strategy,
        ratio: 0.3,
        seed: 42,
      });

      expect(summary.claims).toEqual({ total: 809, with_evidence: 505, without_evidence: 304 });
      expect(summary.positives).toEqual({ examples: 589, gold: 564, cited_without_evidence: 25 });
      expect(summary.by_label).toEqual({ SUPPORT: 370, CONTRADICT: 194, NOT_ENOUGH_INFO: 201 });
      expect(summary.negatives).toEqual([
        { kind: 'strategy', source: strategy, claims: 304, asked: 176, made: 176 },
      ]);
      expect(summary.evidence_sizes).toEqual({ 1: 265, 2: 182, 3: 78, 4: 33, 5: 6 });
      expect(new Set(examples.map((example) => example.id)).size).toBe(765);
    },
    30_000,
  );
});
