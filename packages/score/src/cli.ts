import { join } from 'node:path';
import {
  InputError,
  isMainModule,
  logLevelOption,
  loggerFromArgs,
  runCli,
  secondsSince,
  writeJsonAtomic,
} from '@scifact/data';
import yargs from 'yargs';
import { prepareGold } from './gold.ts';
import { readCorpusSizes, readGoldClaims, readPredictions } from './read.ts';
import { scorePredictions } from './score.ts';
import type { Metrics } from './metrics.ts';
import { formatMetricsTable } from './table.ts';

/** Splits whose gold labels are public; the test split's are hidden. */
const SCORED_SPLITS = ['train', 'dev'];

const USAGE = [
  '$0 --predictions FILE [--out FILE]',
  '',
  "Scores official-format predictions: the four official SciFact metrics and the notebook's metric. The table goes to standard output, metrics.json to --out.",
].join('\n');

async function main(argv: string[]): Promise<void> {
  const args = await yargs(argv)
    .scriptName('scifact score')
    .usage(USAGE)
    .options({
      data: { type: 'string', default: 'data/scifact', describe: 'SciFact folder' },
      split: {
        type: 'string',
        choices: ['train', 'dev', 'test'],
        default: 'dev',
        describe: 'Claims to score against',
      },
      predictions: {
        type: 'string',
        demandOption: true,
        describe: 'Predictions, official format (JSONL)',
      },
      out: { type: 'string', describe: 'Where to write metrics.json' },
      gold: { type: 'string', describe: 'Gold claims file (default: DATA/claims_SPLIT.jsonl)' },
      corpus: { type: 'string', describe: 'Corpus file (default: DATA/corpus.jsonl)' },
      ...logLevelOption,
    })
    .strict()
    .fail(failWithInputError)
    .help()
    .parse();

  const log = loggerFromArgs(args);
  const start = performance.now();
  if (args.gold === undefined && !SCORED_SPLITS.includes(args.split)) {
    throw new InputError(
      `--split ${args.split}: its gold labels are hidden, so only the leaderboard scores it; expected one of ${SCORED_SPLITS.join(', ')}`,
    );
  }

  const goldFile = args.gold ?? join(args.data, `claims_${args.split}.jsonl`);
  const corpusFile = args.corpus ?? join(args.data, 'corpus.jsonl');
  const gold = prepareGold(await readGoldClaims(goldFile));
  const corpus = await readCorpusSizes(corpusFile);
  log.debug(`gold: ${gold.claims.size} claims from ${goldFile}; corpus: ${corpus.size} abstracts`);

  const checked = await readPredictions(args.predictions, gold, corpus);
  for (const warning of checked.warnings) log.warn(warning);
  for (const note of checked.notes) log.info(note);

  const metrics = scorePredictions(gold, checked.predictions);
  process.stdout.write(formatMetricsTable(metrics));
  if (args.out !== undefined) await writeJsonAtomic(args.out, metrics);

  const predicted = `${checked.predictions.length}/${gold.claims.size}`;
  log.info(`score: ${describeScores(predicted, metrics, args.out)} (${secondsSince(start)})`);
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

/** Makes a usage mistake an `InputError`: one line and exit status 2, like any bad input. */
function failWithInputError(message: string | undefined, error: Error | undefined): never {
  const reason = message ?? error?.message ?? 'invalid arguments';
  throw new InputError(`${reason} (see scifact score --help)`, undefined, { cause: error });
}

/** The `scifact score` command. */
export async function run(argv: string[]): Promise<void> {
  await runCli(main, argv);
}

if (isMainModule(import.meta.url)) await run(process.argv.slice(2));
