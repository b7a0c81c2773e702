import yargs from 'yargs';
import {
  ANY_SPLITS,
  checkCountOption,
  isMainModule,
  loadCorpus,
  loadSplitClaims,
  loggerFromArgs,
  logLevelOption,
  runCli,
  secondsSince,
  stageParser,
  writeJsonAtomic,
  writeJsonl,
  type AnySplit,
  type Claim,
  type Logger,
} from '@scifact/data';
import { buildIndex, DEFAULT_BM25, type Bm25Index, type Bm25Options } from './bm25.ts';
import { evaluateRankings, type RelevanceMetrics, type RetrievalMetrics } from './evaluate.ts';
import { rankClaims, readRankings, type Ranking } from './rank.ts';

/** The published figures `evaluate` prints its own beside. */
const REFERENCES = {
  beirNdcgAt10: 0.679,
  verisciHitOneAt3: 0.847,
};

/** Enough depth for recall@100, the deepest cutoff `evaluate` reports. */
const EVALUATE_K = 100;

const dataOptions = {
  data: { type: 'string', default: 'data/scifact', describe: 'SciFact data folder' },
  split: {
    choices: ANY_SPLITS as unknown as string[],
    default: 'dev',
    describe: 'Claim split; fit and validation are carved from train',
  },
} as const;

const indexOptions = {
  k1: { type: 'number', default: DEFAULT_BM25.k1, describe: 'BM25 term saturation' },
  b: { type: 'number', default: DEFAULT_BM25.b, describe: 'BM25 length normalisation, 0 to 1' },
  'title-weight': {
    type: 'number',
    default: DEFAULT_BM25.titleWeight,
    describe: 'How many times a title term counts',
  },
  stem: { type: 'boolean', default: DEFAULT_BM25.stem, describe: 'Porter-stem words' },
  stopwords: { type: 'boolean', default: DEFAULT_BM25.stopwords, describe: 'Drop stopwords' },
} as const;

interface CommonArgs {
  data: string;
  split: AnySplit;
  k1: number;
  b: number;
  'title-weight': number;
  stem: boolean;
  stopwords: boolean;
  'log-level': string;
}

function indexSettings(args: CommonArgs): Bm25Options {
  return {
    k1: args.k1,
    b: args.b,
    titleWeight: args['title-weight'],
    stem: args.stem,
    stopwords: args.stopwords,
  };
}

function describeIndex(index: Bm25Index): string {
  const { k1, b, titleWeight, stem, stopwords } = index.settings;
  const steps = [
    stem ? 'stemmed' : 'unstemmed',
    stopwords ? 'stopwords dropped' : 'stopwords kept',
  ];
  return `BM25 k1 ${k1} b ${b} title x${titleWeight}, ${steps.join(', ')}`;
}

async function loadInputs(args: CommonArgs, logger: Logger) {
  const corpus = await loadCorpus(args.data);
  const claims = await loadSplitClaims(args.data, args.split);

  const start = performance.now();
  const index = buildIndex([...corpus.values()], indexSettings(args));
  logger.info(`retrieval: indexed ${index.size} abstracts in ${secondsSince(start)}`);
  return { claims, index };
}

function rankWithProgress(index: Bm25Index, claims: Claim[], k: number, logger: Logger) {
  return rankClaims(index, claims, k, (done, total) => logger.progress('ranked', done, total));
}

async function rankCommand(args: CommonArgs & { k: number; out?: string }): Promise<void> {
  const start = performance.now();
  const logger = loggerFromArgs(args);
  checkCountOption('k', args.k);

  const { claims, index } = await loadInputs(args, logger);
  const rankings = rankWithProgress(index, claims, args.k, logger);
  if (args.out) await writeJsonl(args.out, rankings);
  else for (const ranking of rankings) process.stdout.write(`${JSON.stringify(ranking)}\n`);

  logger.info(
    `retrieval: ${claims.length} ${args.split} claims, top ${args.k} of ${index.size} ` +
      `abstracts (${describeIndex(index)}) -> ${args.out ?? 'stdout'} in ${secondsSince(start)}`,
  );
}

async function evaluateCommand(args: CommonArgs & { rankings?: string; out?: string }) {
  const start = performance.now();
  const logger = loggerFromArgs(args);

  let rankings: Ranking[];
  let source: string;
  let claims: Claim[];
  if (args.rankings) {
    claims = await loadSplitClaims(args.data, args.split);
    rankings = await readRankings(args.rankings);
    source = args.rankings;
  } else {
    const inputs = await loadInputs(args, logger);
    claims = inputs.claims;
    rankings = rankWithProgress(inputs.index, claims, EVALUATE_K, logger);
    source = describeIndex(inputs.index);
  }

  const metrics = evaluateRankings(claims, rankings);
  process.stdout.write(`${JSON.stringify(metrics, null, 2)}\n`);
  if (args.out) await writeJsonAtomic(args.out, metrics);

  for (const line of formatMetrics(metrics)) logger.info(line);
  logger.info(
    `retrieval evaluate: ${claims.length} ${args.split} claims, ${source}: nDCG@10 ` +
      `${metrics.cited['ndcg@10'].toFixed(3)}, hit-one@3 ` +
      `${percent(metrics.verisci['hit_one@3'])} in ${secondsSince(start)}`,
  );
}

/** The metrics as a few lines for people, each reference beside the figure it compares to. */
export function formatMetrics(metrics: RetrievalMetrics): string[] {
  const row = (name: string, m: RelevanceMetrics) =>
    `  ${name.padEnd(26)} ${String(m.claims).padStart(4)} claims ` +
    `${String(m.relevant).padStart(4)} relevant  ` +
    ['recall@1', 'recall@3', 'recall@10', 'recall@100', 'ndcg@10']
      .map((key) => `${key.replace('recall', 'R')} ${m[key as keyof RelevanceMetrics].toFixed(3)}`)
      .join('  ');
  const { verisci } = metrics;
  return [
    row('cited (BEIR qrels)', metrics.cited),
    `    reference: BM25 (Anserini) on BEIR SciFact, nDCG@10 ${REFERENCES.beirNdcgAt10}`,
    row('evidence abstracts', metrics.evidence),
    `  VeriSci count, ${verisci.claims} claims: hit-one@3 ${percent(verisci['hit_one@3'])}, ` +
      `hit-all@3 ${percent(verisci['hit_all@3'])}`,
    `    reference: VeriSci's TF-IDF top 3, ${percent(REFERENCES.verisciHitOneAt3)}`,
  ];
}

function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

export async function run(argv: string[]): Promise<void> {
  await runCli(async (args) => {
    await stageParser(yargs(args))
      .scriptName('scifact retrieval')
      .command(
        '$0',
        'Rank the corpus with BM25 for each claim of a split; writes rankings.jsonl',
        (y) =>
          y.options({
            ...dataOptions,
            ...indexOptions,
            k: { type: 'number', default: 100, describe: 'Abstracts kept per claim' },
            out: { type: 'string', describe: 'rankings.jsonl to write (default: stdout)' },
            ...logLevelOption,
          }),
        (parsed) => rankCommand(parsed as never),
      )
      .command(
        'evaluate',
        'Score BM25 on a labelled split: recall@1/3/10/100 and nDCG@10, VeriSci hit@3',
        (y) =>
          y.options({
            ...dataOptions,
            ...indexOptions,
            rankings: {
              type: 'string',
              describe: 'Score this rankings.jsonl instead of ranking afresh',
            },
            out: { type: 'string', describe: 'Also write the metrics JSON here' },
            ...logLevelOption,
          }),
        (parsed) => evaluateCommand(parsed as never),
      )
      .parseAsync();
  }, argv);
}

if (isMainModule(import.meta.url)) await run(process.argv.slice(2));
