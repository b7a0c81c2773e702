import { join } from 'node:path';
import yargs from 'yargs';
import {
  artifactKey,
  checkCountOption,
  claimsPath,
  findBadReference,
  InputError,
  isMainModule,
  loadCorpus,
  loadSplitClaims,
  loggerFromArgs,
  logLevelOption,
  readJsonlLines,
  releaseSplitOf,
  runCli,
  secondsSince,
  stageParser,
  writeDirAtomic,
  writeJsonAtomic,
  writeJsonl,
  type Claim,
  type CorpusDoc,
} from '@scifact/data';
import { DEFAULT_BM25 } from '@scifact/retrieval';
import { buildExamples } from './build.ts';
import { checkLabelledSplit, STRATEGIES, type Strategy } from './options.ts';

/** The settings an example set depends on, named as the grid names them. */
export interface NegativesSettings {
  split: string;
  strategy: string;
  ratio: number;
  cited_negatives: boolean;
  bm25_positive_negatives: number;
  seed: number;
  claims_limit?: number;
}

/** The artifact key of an example set: the grid computes the same one for the same settings. */
export function negativesKey(settings: NegativesSettings): string {
  return artifactKey({ stage: 'negatives', ...settings });
}

interface Args {
  data: string;
  split: string;
  strategy: string;
  ratio: number;
  seed: number;
  'cited-negatives': boolean;
  'bm25-positives-negatives': number;
  'claims-limit'?: number;
  out?: string;
  'log-level': string;
}

async function negativesCommand(args: Args): Promise<void> {
  const start = performance.now();
  const logger = loggerFromArgs(args);
  const split = checkLabelledSplit(args.split);
  const limit = checkCountOption('claims-limit', args['claims-limit']);

  const settings: NegativesSettings = {
    split,
    strategy: args.strategy,
    ratio: args.ratio,
    cited_negatives: args['cited-negatives'],
    bm25_positive_negatives: args['bm25-positives-negatives'],
    seed: args.seed,
    claims_limit: limit,
  };
  const out = args.out ?? join('artifacts', 'negatives', negativesKey(settings));

  const corpus = await loadCorpus(args.data);
  const claims = await loadSplitClaims(args.data, split, { limit });
  await checkReferences(claimsPath(args.data, releaseSplitOf(split)), claims, corpus);

  const { examples, summary } = buildExamples(
    claims,
    corpus,
    {
      strategy: args.strategy as Strategy,
      ratio: args.ratio,
      seed: args.seed,
      citedNegatives: args['cited-negatives'],
      bm25PositivesNegatives: args['bm25-positives-negatives'],
    },
    { logger },
  );
  const { positives, by_source: bySource } = summary;
  logger.info(
    `negatives: ${positives.examples} positives from ${summary.claims.with_evidence} claims ` +
      `with evidence: ${positives.gold} gold, ${positives.cited_without_evidence} cited ` +
      `abstracts without evidence (NEI)`,
  );

  const usesBm25 = settings.strategy === 'bm25' || settings.bm25_positive_negatives > 0;
  const record = {
    key: negativesKey(settings),
    settings: { ...settings, bm25: usesBm25 ? DEFAULT_BM25 : undefined },
    ...summary,
  };
  await writeDirAtomic(out, async (dir) => {
    await writeJsonl(join(dir, 'examples.jsonl'), examples);
    await writeJsonAtomic(join(dir, 'summary.json'), record);
  });
  process.stdout.write(`${out}\n`);

  const sources = Object.entries(bySource)
    .filter(([, count]) => count > 0)
    .map(([source, count]) => `${count} ${source}`);
  logger.info(
    `negatives: ${examples.length} examples (${sources.join(', ')}) from ${claims.length} ` +
      `${split} claims -> ${out} in ${secondsSince(start)}`,
  );
}

/**
 * Fails on the first claim that points outside the corpus, naming the claims file and line.
 * The line is looked up only then, so the usual path reads the file once.
 */
async function checkReferences(
  file: string,
  claims: readonly Claim[],
  corpus: ReadonlyMap<number, CorpusDoc>,
): Promise<void> {
  for (const claim of claims) {
    const problem = findBadReference(claim, corpus);
    if (!problem) continue;
    for await (const { value, line } of readJsonlLines<{ id?: unknown }>(file)) {
      if (value.id === claim.id) throw new InputError(problem, { file, line });
    }
    throw new InputError(problem, { file });
  }
}

export async function run(argv: string[]): Promise<void> {
  await runCli(async (args) => {
    await stageParser(yargs(args))
      .scriptName('scifact negatives')
      .command(
        '$0',
        'Build training examples: one per (claim with evidence, cited abstract), plus NEI ' +
          'negatives; writes DIR/examples.jsonl and DIR/summary.json',
        (y) =>
          y.options({
            data: { type: 'string', default: 'data/scifact', describe: 'SciFact data folder' },
            split: {
              type: 'string',
              default: 'train',
              describe: 'Labelled claims to draw from; fit and validation are carved from train',
            },
            strategy: {
              type: 'string',
              demandOption: true,
              describe: `Abstracts for claims without evidence: ${STRATEGIES.join(', ')}`,
            },
            ratio: {
              type: 'number',
              default: 0.3,
              describe: 'Strategy negatives: floor(ratio x positives), ratio in [0, 10]',
            },
            seed: { type: 'number', default: 42, describe: 'Seed of every random choice' },
            'cited-negatives': {
              type: 'boolean',
              default: false,
              describe: 'Add each cited abstract of each claim without evidence as NEI',
            },
            'bm25-positives-negatives': {
              type: 'number',
              default: 0,
              describe: 'Add floor(RATIO x positives) NEI from claims with evidence: top-5 BM25',
            },
            'claims-limit': { type: 'number', describe: 'Only the first N claims (smoke runs)' },
            out: { type: 'string', describe: 'Output folder (default artifacts/negatives/<key>)' },
            ...logLevelOption,
          }),
        (parsed) => negativesCommand(parsed as unknown as Args),
      )
      .parseAsync();
  }, argv);
}

if (isMainModule(import.meta.url)) await run(process.argv.slice(2));
