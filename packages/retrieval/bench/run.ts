// The retrieval benchmark. It indexes the corpus once and ranks it for every train claim, then
// runs the notebook's lexical scan, which re-tokenizes every abstract for every claim, over the
// same claims in the same process, and reports claims per second and their ratio. JavaScript
// runs on one thread here, so each figure is one core's.
//
// The scan is slow (a few claims a second), so by default it runs over the first 100 train
// claims only; its rate per claim does not depend on how many it runs. `--scan-claims 809` runs
// it over all of them.
//
//   npx nx run retrieval:bench      (or, in this folder: npx tsx bench/run.ts [--scan-claims N])
import { cpus, loadavg } from 'node:os';
import {
  defaultReleaseDir,
  hasReleaseFiles,
  loadClaims,
  loadCorpus,
  sharedReleaseDir,
} from '@scifact/data';
import { buildIndex, buildOverlapIndex, scanOverlap } from '../src/index.ts';

const RANK_K = 100;
const LEXICAL_K = 5;
// A pass over 809 claims takes a fraction of a second, so a busy machine sways one pass a lot.
const BM25_PASSES = 9;

const scanFlag = process.argv.indexOf('--scan-claims');
const scanLimit = scanFlag >= 0 ? Number(process.argv[scanFlag + 1]) : 100;
const dataDir = hasReleaseFiles(defaultReleaseDir()) ? defaultReleaseDir() : sharedReleaseDir();

const corpus = [...(await loadCorpus(dataDir)).values()];
const claims = await loadClaims(dataDir, 'train');
const scanClaims = claims.slice(0, Math.min(scanLimit, claims.length));

function seconds(work: () => void): number {
  const start = performance.now();
  work();
  return (performance.now() - start) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

let index = buildIndex(corpus);
const buildSeconds = seconds(() => {
  index = buildIndex(corpus);
});

// One pass warms the JIT; the median of the next passes is the figure.
const rankAll = () => claims.forEach((claim) => index.search(claim.claim, RANK_K));
rankAll();
const bm25Seconds = median(Array.from({ length: BM25_PASSES }, () => seconds(rankAll)));

const scanSeconds = seconds(() => {
  for (const claim of scanClaims) scanOverlap(claim.claim, corpus, LEXICAL_K);
});

let overlap = buildOverlapIndex(corpus);
const overlapBuildSeconds = seconds(() => {
  overlap = buildOverlapIndex(corpus);
});
const overlapSeconds = seconds(() => {
  for (const claim of claims) overlap.top(claim.claim, LEXICAL_K);
});

const bm25Rate = claims.length / bm25Seconds;
const scanRate = scanClaims.length / scanSeconds;
const overlapRate = claims.length / overlapSeconds;
const rate = (value: number) => `${value.toFixed(1).padStart(9)} claims/s`;

console.log(
  `retrieval bench: ${corpus.length} abstracts, ${claims.length} train claims, one thread ` +
    `(Node ${process.versions.node}, ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
    `${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the end)`,
);
console.log(`  BM25 index build                      ${buildSeconds.toFixed(2)} s`);
console.log(
  `  BM25 top ${RANK_K}, median of ${BM25_PASSES} passes     ${rate(bm25Rate)}  ` +
    `(${bm25Seconds.toFixed(3)} s for ${claims.length} claims)`,
);
console.log(
  `  notebook scan, top ${LEXICAL_K}                 ${rate(scanRate)}  ` +
    `(${scanSeconds.toFixed(1)} s for ${scanClaims.length} claims)`,
);
console.log(
  `  same rule, token sets built once      ${rate(overlapRate)}  ` +
    `(build ${overlapBuildSeconds.toFixed(2)} s)`,
);
console.log(`  ratio, BM25 to notebook scan          ${(bm25Rate / scanRate).toFixed(0)}x`);
