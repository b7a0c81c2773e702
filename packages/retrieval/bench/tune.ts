// Chooses BM25's defaults on the train claims: BEIR's SciFact train qrels (each claim's cited
// abstracts), nDCG@10. Dev claims are scored only for the settings chosen, so the dev figures
// in the README are not tuned on. Run from the package folder:
//   npx tsx bench/tune.ts [DATA_DIR]
import { loadClaims, loadCorpus, sharedReleaseDir } from '@scifact/data';
import { buildIndex, evaluateRankings, rankClaims, type Bm25Options } from '../src/index.ts';

const dataDir = process.argv[2] ?? sharedReleaseDir();
const corpus = [...(await loadCorpus(dataDir)).values()];
const train = await loadClaims(dataDir, 'train');
const dev = await loadClaims(dataDir, 'dev');

function trainNdcg(options: Bm25Options): number {
  const index = buildIndex(corpus, options);
  const score = evaluateRankings(train, rankClaims(index, train, 100)).cited['ndcg@10'];
  console.log(`${JSON.stringify(options)}\ttrain nDCG@10 ${score.toFixed(4)}`);
  return score;
}

function best(candidates: Bm25Options[]): Bm25Options {
  const scored = candidates.map((options) => ({ options, score: trainNdcg(options) }));
  return scored.reduce((a, b) => (b.score > a.score ? b : a)).options;
}

// The search starts from Anserini's BEIR settings, so it does not depend on the defaults it
// is meant to choose.
const start: Bm25Options = { k1: 0.9, b: 0.4, titleWeight: 1 };
let chosen = best([
  { ...start, stem: true, stopwords: true },
  { ...start, stem: true, stopwords: false },
  { ...start, stem: false, stopwords: true },
  { ...start, stem: false, stopwords: false },
]);

const grid: Bm25Options[] = [];
for (const k1 of [0.6, 0.9, 1.2, 1.5, 2.0]) {
  for (const b of [0.3, 0.4, 0.5, 0.6, 0.75, 0.9]) grid.push({ ...chosen, k1, b });
}
chosen = best(grid);
chosen = best([1, 1.5, 2, 3].map((titleWeight) => ({ ...chosen, titleWeight })));

const index = buildIndex(corpus, chosen);
const metrics = evaluateRankings(dev, rankClaims(index, dev, 100));
console.log(`chosen ${JSON.stringify(chosen)}`);
console.log(`dev ${JSON.stringify(metrics)}`);
