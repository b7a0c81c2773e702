import {
  ANY_SPLITS,
  corpusPath,
  InputError,
  isMainModule,
  LABELLED_SPLITS,
  loadSplitClaims,
  logLevelOption,
  loggerFromArgs,
  runCli,
  secondsSince,
  stageParser,
  writeJsonAtomic,
  type AnySplit,
  type Claim,
} from '@scifact/data';
import yargs from 'yargs';
import { prepareGold } from './gold.ts';
import { readCorpusSizes, readGoldClaims, readPredictions } from './read.ts';
import { scorePredictions } from './score.ts';
import type { Metrics } from './metrics.ts';
import { formatMetricsTable } from './table.ts';

const USAGE = [
  '$0 --predictions FILE [--out FILE]',
  '',
  "Scores official-format predictions: the four official SciFact metrics and the notebook's metric. The table goes to standard output, metrics.json to --out.",
].join('\n');

async function main(argv: string[]): Promise<void> {
  const args = await stageParser(yargs(argv))
    .scriptName('scifact score')
    .usage(USAGE)
    .options({
      data: { type: 'string', default: 'data/scifact', describe: 'SciFact folder' },
      split: {
        type: 'string',
        choices: ANY_SPLITS as unknown as string[],
        default: 'dev',
        describe: 'Claims to score against; fit and validation are carved from train',
      },
      predictions: {
        type: 'string',
        demandOption: true,
        describe: 'Predictions, official format (JSONL)',
      },
      out: { type: 'string', describe: 'Where to write metrics.json' },
      gold: { type: 'string', describe: 'Gold claims file (default: the SPLIT claims of DATA)' },
      corpus: { type: 'string', describe: 'Corpus file (default: DATA/corpus.jsonl)' },
      ...logLevelOption,
    })
    .parse();

  const log = loggerFromArgs(args);
  const start = performance.now();

  const gold = prepareGold(await readGold(args.gold, args.data, args.split as AnySplit));
  const corpusFile = args.corpus ?? corpusPath(args.data);
  const corpus = await readCorpusSizes(corpusFile);
  const goldSource = args.gold ?? `the ${args.split} claims of ${args.data}`;
  log.debug(`gold: ${gold.claims.size} claims, ${goldSource}; corpus: ${corpus.size} abstracts`);

  const checked = await readPredictions(args.predictions, gold, corpus);
  for (const warning of checked.warnings) log.warn(warning);
  for (const note of checked.notes) log.info(note);

  const metrics = scorePredictions(gold, checked.predictions);
  process.stdout.write(formatMetricsTable(metrics));
  if (args.out !== undefined) await writeJsonAtomic(args.out, metrics);

  const predicted = `${checked.predictions.length}/${gold.claims.size}`;
  log.info(`score: ${describeScores(predicted, metrics, args.out)} (${secondsSince(start)})`);
}

/**
 * The gold claims: any file given with `--gold`, or else a labelled split of the data folder,
 * carved splits included. The test split is refused, since its labels are hidden.
 */
async function readGold(
  goldFile: string | undefined,
  dataDir: string,
  split: AnySplit,
): Promise<Claim[]> {
  if (goldFile !== undefined) return readGoldClaims(goldFile);

  if (!LABELLED_SPLITS.includes(split)) {
    throw new InputError(
      `--split ${split}: its gold labels are hidden, so only the leaderboard scores it; expected one of ${LABELLED_SPLITS.join(', ')}`,
    );
  }
  return loadSplitClaims(dataDir, split);
}

/** The summary line's counts and headline F1s, for a person glancing at a log. */
function describeScores(predicted: string, metrics: Metrics, out: string | undefined): string {
  const { abstract_label_only: label, sentence_label: sentence } = metrics;
  const parts = [
    `${predicted} claims predicted, ${label.retrieved} abstracts, ${sentence.retrieved} sentences`,
    `sentence_label F1 ${sentence.f1.toFixed(4)}, abstract_label_only F1 ${label.f1.toFixed(4)}`,
  ];
  if (out !== undefined) parts.push(`wrote ${out}`);
  return parts.join('; ');
}

/** The `scifact score` command. */
export async function run(argv: string[]): Promise<void> {
  await runCli(main, argv);
}

if (isMainModule(import.meta.url)) await run(process.argv.slice(2));
