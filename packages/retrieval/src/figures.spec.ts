import { describe, expect, it } from 'vitest';
import { loadClaims, loadCorpus, sharedReleaseDir } from '@scifact/data';
import { buildIndex } from './bm25.ts';
import { evaluateRankings } from './evaluate.ts';
import { rankClaims } from './rank.ts';

// The figures the package README reports for dev, under the default settings.
describe('BM25 on SciFact dev', () => {
  it('meets both published references and keeps the README figures', async () => {
    const dir = sharedReleaseDir();
    const corpus = [...(await loadCorpus(dir)).values()];
    const claims = await loadClaims(dir, 'dev');
    const metrics = evaluateRankings(claims, rankClaims(buildIndex(corpus), claims, 100));

    expect(metrics.cited['ndcg@10']).toBeGreaterThan(0.679);
    expect(metrics.verisci['hit_one@3']).toBeGreaterThan(0.847);

    const rounded = (value: number) => Number(value.toFixed(3));
    expect({
      'recall@1': rounded(metrics.cited['recall@1']),
      'recall@3': rounded(metrics.cited['recall@3']),
      'recall@10': rounded(metrics.cited['recall@10']),
      'recall@100': rounded(metrics.cited['recall@100']),
      'ndcg@10': rounded(metrics.cited['ndcg@10']),
      'hit_one@3': rounded(metrics.verisci['hit_one@3']),
    }).toEqual({
      'recall@1': 0.536,
      'recall@3': 0.722,
      'recall@10': 0.825,
      'recall@100': 0.928,
      'ndcg@10': 0.695,
      'hit_one@3': 0.93,
    });
  }, 60_000);
});
