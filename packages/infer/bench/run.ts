// Inference speed on dev: claims per second for oracle and open candidates, with the compact
// model and with a BERT-base-shaped one, and batched against one-at-a-time inference in the
// same run. Random weights time the same as trained ones, so both models can be made here.
//
//   npx nx run infer:bench            (or: cd packages/infer && npx tsx bench/run.ts --help)
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createLogger,
  loadCorpus,
  loadSplitClaims,
  writeJsonAtomic,
  type Claim,
  type CorpusDoc,
} from '@scifact/data';
import { loadTokenizer, writeCompactTokenizer } from '@scifact/encoding';
import { buildIndex } from '@scifact/retrieval';
import {
  loadModelFolder,
  openCandidates,
  openVerifier,
  oracleCandidates,
  scoreCandidates,
  type Candidate,
} from '../src/index.ts';

const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'vocab.txt'];
const SHAPES = {
  // The trainer's `scratch` defaults: the compact encoder's shape.
  compact: { hidden: 128, layers: 2, heads: 2, intermediate: 512 },
  'bert-base': { hidden: 768, layers: 12, heads: 12, intermediate: 3072 },
};

const { values: options } = parseArgs({
  options: {
    data: { type: 'string', default: join(workspaceRoot, '../shared/data/scifact') },
    work: { type: 'string', default: join(workspaceRoot, 'tmp/bench-infer') },
    compact: { type: 'string' },
    threads: { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: '16' },
    'bert-claims': { type: 'string', default: '10' },
    'ratio-claims': { type: 'string', default: '300' },
    'bert-ratio-claims': { type: 'string', default: '8' },
    help: { type: 'boolean', default: false },
  },
});
if (options.help) {
  process.stderr.write(
    'bench/run.ts [--compact TRAINED_MODEL_DIR] [--threads 2] [--batch-size 16]\n' +
      '  [--bert-claims 10] [--ratio-claims 300] [--bert-ratio-claims 8] [--data DIR]\n' +
      '  [--work DIR]\n' +
      'Without --compact, a random-weight model of the compact shape is timed.\n',
  );
  process.exit(0);
}

const logger = createLogger('info');
const threads = Number(options.threads);
const batchSize = Number(options['batch-size']);

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A model folder: the compact tokenizer's files and a random model of the given shape. */
async function ensureRandomModel(name: keyof typeof SHAPES, tokenizerDir: string) {
  const dir = join(options.work!, `${name}-random`);
  if (await exists(join(dir, 'model.onnx'))) return dir;

  await mkdir(dir, { recursive: true });
  for (const file of TOKENIZER_FILES) await copyFile(join(tokenizerDir, file), join(dir, file));
  const tokenizer = await loadTokenizer(dir);
  const shape = SHAPES[name];
  const script = fileURLToPath(new URL('export_random_model.py', import.meta.url));
  logger.info(`bench: exporting a random ${name} model into ${dir}`);
  execFileSync(
    '/usr/bin/python3',
    [
      ...[script, dir, '--vocab-size', String(tokenizer.vocabSize)],
      ...['--sep-token-id', String(tokenizer.special.sep), '--hidden', String(shape.hidden)],
      ...['--layers', String(shape.layers), '--heads', String(shape.heads)],
      ...['--intermediate', String(shape.intermediate)],
    ],
    { stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 },
  );
  return dir;
}

interface Timing {
  model: string;
  candidates: string;
  claims: number;
  abstracts: number;
  inputs: number;
  batchSize: number;
  seconds: number;
  claimsPerSecond: number;
}

async function timeScoring(
  model: string,
  modelDir: string,
  label: string,
  candidates: Candidate[],
  claims: ReadonlyMap<number, Claim>,
  corpus: ReadonlyMap<number, CorpusDoc>,
  size: number,
): Promise<Timing> {
  const encoder = await loadModelFolder(modelDir, logger, corpus);
  const session = await openVerifier(join(modelDir, 'model.onnx'), { threads }, logger);
  const run = () =>
    scoreCandidates(candidates, claims, corpus, {
      session,
      encode: encoder.encode,
      padId: encoder.padId,
      batchSize: size,
    });

  // One small warm-up run, so the first timing does not include the runtime's set-up.
  await scoreCandidates(candidates.slice(0, 2), claims, corpus, {
    session,
    encode: encoder.encode,
    batchSize: size,
  });
  const start = performance.now();
  const result = await run();
  const seconds = (performance.now() - start) / 1000;
  await session.release();

  const claimCount = new Set(candidates.map((c) => c.claimId)).size;
  const timing = {
    model,
    candidates: label,
    claims: claimCount,
    abstracts: candidates.length,
    inputs: result.inputs,
    batchSize: size,
    seconds: Number(seconds.toFixed(2)),
    claimsPerSecond: Number((claimCount / seconds).toFixed(2)),
  };
  logger.info(`bench: ${JSON.stringify(timing)}`);
  return timing;
}

function firstClaims(candidates: Candidate[], count: number): Candidate[] {
  const kept = new Set([...new Set(candidates.map((c) => c.claimId))].slice(0, count));
  return candidates.filter((c) => kept.has(c.claimId));
}

async function main(): Promise<void> {
  const dev = await loadSplitClaims(options.data!, 'dev');
  const corpus = await loadCorpus(options.data!);
  const claims = new Map(dev.map((claim) => [claim.id, claim]));

  const tokenizerDir = join(options.work!, 'compact-tokenizer');
  if (!(await exists(join(tokenizerDir, 'tokenizer.json')))) {
    logger.info('bench: building the compact vocabulary');
    await writeCompactTokenizer(tokenizerDir, options.data!);
  }
  const compactDir = options.compact ?? (await ensureRandomModel('compact', tokenizerDir));
  const bertDir = await ensureRandomModel('bert-base', tokenizerDir);

  const oracle = oracleCandidates(dev);
  const indexStart = performance.now();
  const index = buildIndex([...corpus.values()]);
  const rankings = new Map(dev.map((claim) => [claim.id, index.search(claim.claim, 3)]));
  const bm25Seconds = (performance.now() - indexStart) / 1000;
  const open = openCandidates(dev, rankings, 3);
  logger.info(`bench: BM25 index and top-3 search for ${dev.length} claims: ${bm25Seconds}s`);

  const bertClaims = Number(options['bert-claims']);
  const ratioClaims = Number(options['ratio-claims']);
  const bertRatioClaims = Number(options['bert-ratio-claims']);
  const compactName = options.compact ? 'compact (trained)' : 'compact (random weights)';
  const bertName = 'bert-base (random weights)';
  const timings: Timing[] = [];
  const time = (model: string, dir: string, label: string, list: Candidate[], size: number) =>
    timeScoring(model, dir, label, list, claims, corpus, size).then((t) => timings.push(t));

  await time(compactName, compactDir, 'oracle', oracle, batchSize);
  await time(compactName, compactDir, 'open k=3', open, batchSize);
  await time(bertName, bertDir, 'oracle', firstClaims(oracle, bertClaims), batchSize);
  await time(bertName, bertDir, 'open k=3', firstClaims(open, bertClaims), batchSize);

  // Batched against one at a time: the same inputs, batch sizes 1, 4 and --batch-size.
  const ratioSizes = [...new Set([1, 4, batchSize])];
  const ratioRuns = [
    { model: compactName, dir: compactDir, claimCount: ratioClaims },
    { model: bertName, dir: bertDir, claimCount: bertRatioClaims },
  ];
  const speedups: Record<string, Record<string, number>> = {};
  for (const { model, dir, claimCount } of ratioRuns) {
    const subset = firstClaims(oracle, claimCount);
    const seconds: number[] = [];
    for (const size of ratioSizes) {
      await time(`${model}, ratio`, dir, 'oracle', subset, size);
      seconds.push(timings.at(-1)!.seconds);
    }
    const speedup = (i: number) => Number((seconds[0] / seconds[i]).toFixed(2));
    const bySize = ratioSizes.slice(1).map((size, i) => [size, speedup(i + 1)]);
    speedups[model] = Object.fromEntries(bySize);
  }

  const cpuModel = (await readFile('/proc/cpuinfo', 'utf8')).match(/model name\s*:\s*(.*)/)?.[1];
  const results = { threads, cpu: cpuModel, bm25Seconds, timings, batchedSpeedup: speedups };
  await writeJsonAtomic(join(options.work!, 'results.json'), results);

  const rows = timings.map(
    (t) =>
      `| ${t.model} | ${t.candidates} | ${t.claims} | ${t.abstracts} | ${t.inputs} | ` +
      `${t.batchSize} | ${t.seconds} | ${t.claimsPerSecond} |`,
  );
  process.stdout.write(
    [
      `CPU: ${cpuModel}, ${threads} threads, onnxruntime-node CPU provider`,
      '',
      '| model | candidates | claims | abstracts | inputs | batch | seconds | claims/s |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      'one-at-a-time seconds over batched seconds, same inputs, same run:',
      ...Object.entries(speedups).map(([model, bySize]) => {
        const figures = Object.entries(bySize).map(([size, value]) => `batch ${size}: ${value}x`);
        return `- ${model}: ${figures.join(', ')}`;
      }),
      '',
    ].join('\n'),
  );
}

await main();
