import { dirname, join } from 'node:path';
import yargs from 'yargs';
import {
  ANY_SPLITS,
  checkCountOption,
  InputError,
  isMainModule,
  loadCorpus,
  loadSplitClaims,
  logLevelOption,
  loggerFromArgs,
  readProbabilities,
  runCli,
  secondsSince,
  stageParser,
  writeJsonAtomic,
  writeJsonl,
  type AnySplit,
  type Claim,
  type Prediction,
} from '@scifact/data';
import { formatMetricsTable, scorePredictions } from '@scifact/score';
import { lexicalBaseline } from './baseline.ts';
import { decodePredictions, LABEL_SOURCES, NEI_RULES, type LabelSource } from './decode.ts';
import type { NeiRule } from './decode.ts';
import { SELECTABLE_METRICS, sweepDecoding, type SelectableMetric } from './sweep.ts';

const sharedOptions = {
  probabilities: { type: 'string', demandOption: true, describe: 'probabilities.jsonl of infer' },
  'max-sentences': {
    type: 'number',
    describe: 'Keep at most this many sentences per abstract, most probable first',
  },
  'label-from': {
    choices: LABEL_SOURCES as unknown as string[],
    default: 'classifier',
    describe: 'classifier: argmax of label_probs; evidence: NEI without evidence, else S or C',
  },
  'claims-limit': {
    type: 'number',
    describe: 'Only the first N claims of the split, in file order, as infer --claims-limit N',
  },
  ...logLevelOption,
} as const;

const splitOption = {
  choices: ANY_SPLITS as unknown as string[],
  describe: 'Claim split; fit and validation are carved from train',
} as const;

/** Parses `0.3,0.4` into numbers in [0, 1], naming the option and the bad item. */
export function parseThresholds(text: string): number[] {
  return text.split(',').map((item) => {
    const value = Number(item.trim());
    if (item.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new InputError(`--thresholds: expected numbers in [0, 1], received '${item}'`);
    }
    return value;
  });
}

/** Parses `strict,relaxed`, naming the allowed rules when one is unknown. */
export function parseNeiRules(text: string): NeiRule[] {
  return text.split(',').map((item) => {
    const rule = item.trim() as NeiRule;
    if (!NEI_RULES.includes(rule)) {
      const allowed = NEI_RULES.join(', ');
      throw new InputError(`--nei-rules: expected some of ${allowed}, received '${item}'`);
    }
    return rule;
  });
}

/**
 * The claims of `--split`, cut to `--claims-limit`. They are read the way infer reads them,
 * so a smoke run's infer and decode with the same limit see the same claims.
 */
function loadClaims(args: Record<string, unknown>): Promise<Claim[]> {
  const limit = checkCountOption('claims-limit', args['claims-limit'] as number | undefined);
  return loadSplitClaims(args.data as string, args.split as AnySplit, { limit });
}

function countAbstracts(predictions: Prediction[]): number {
  return predictions.reduce((sum, p) => sum + Object.keys(p.evidence).length, 0);
}

async function decodeCommand(args: Record<string, unknown>): Promise<void> {
  const start = performance.now();
  const logger = loggerFromArgs(args);
  const threshold = args.threshold as number;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new InputError(`--threshold: expected a number in [0, 1], received ${threshold}`);
  }
  if ((args.data === undefined) !== (args.split === undefined)) {
    throw new InputError('--data and --split go together: give both or neither');
  }
  if (args['claims-limit'] !== undefined && args.data === undefined) {
    throw new InputError('--claims-limit counts claims of a split: give --data and --split');
  }

  const records = await readProbabilities(args.probabilities as string);
  const claimIds = args.data ? (await loadClaims(args)).map((claim) => claim.id) : undefined;
  const predictions = decodePredictions(
    records,
    {
      threshold,
      neiRule: args['nei-rule'] as NeiRule,
      maxSentences: checkCountOption('max-sentences', args['max-sentences'] as number | undefined),
      labelFrom: args['label-from'] as LabelSource,
    },
    claimIds,
  );
  await writeJsonl(args.out as string, predictions);

  logger.info(
    `decode: ${predictions.length} claims, ${countAbstracts(predictions)} of ` +
      `${records.length} abstracts predicted (${args['nei-rule']}, threshold ${threshold}) ` +
      `-> ${args.out} in ${secondsSince(start)}`,
  );
}

async function sweepCommand(args: Record<string, unknown>): Promise<void> {
  const start = performance.now();
  const logger = loggerFromArgs(args);
  const thresholds = parseThresholds(args.thresholds as string);
  const neiRules = parseNeiRules(args['nei-rules'] as string);
  const selectBy = args.select as SelectableMetric;

  const records = await readProbabilities(args.probabilities as string);
  const gold = await loadClaims(args);
  const { report, bestPredictions } = sweepDecoding(records, gold, {
    thresholds,
    neiRules,
    selectBy,
    maxSentences: checkCountOption('max-sentences', args['max-sentences'] as number | undefined),
    labelFrom: args['label-from'] as LabelSource,
  });

  for (const row of report.rows) {
    const f1 = (100 * row.metrics[selectBy].f1).toFixed(1);
    logger.info(`${row.rule.padEnd(7)} threshold ${row.threshold}: ${selectBy} F1 ${f1}`);
  }

  // The best predictions sit beside sweep.json, so they are one declared output folder.
  const out = args.out as string;
  await writeJsonAtomic(out, report);
  for (const [rule, predictions] of Object.entries(bestPredictions)) {
    await writeJsonl(join(dirname(out), `predictions.${rule}.jsonl`), predictions);
  }

  const bests = Object.entries(report.best)
    .map(([rule, { threshold, metrics }]) => {
      return `${rule} ${threshold} (${(100 * metrics[selectBy].f1).toFixed(1)})`;
    })
    .join(', ');
  logger.info(
    `decode sweep: ${report.rows.length} decodings of ${records.length} abstracts, ` +
      `${gold.length} ${args.split} claims; ` +
      `best ${selectBy} F1: ${bests} -> ${out} in ${secondsSince(start)}`,
  );
}

async function baselineCommand(args: Record<string, unknown>): Promise<void> {
  const start = performance.now();
  const logger = loggerFromArgs(args);
  const top = checkCountOption('top', args.top as number);
  // Checked before reading anything: the release's test claims carry no cited_doc_ids.
  if (args.split === 'test') {
    const allowed = 'train, dev, fit or validation';
    throw new InputError(
      `decode baseline: --split test: its cited abstracts are hidden; expected ${allowed}`,
    );
  }

  const claims = await loadClaims(args);
  const corpus = await loadCorpus(args.data as string);
  const predictions = lexicalBaseline(claims, corpus, { top });
  await writeJsonl(args.out as string, predictions);

  let scored = '';
  if (args.score) {
    const metrics = scorePredictions(claims, predictions);
    process.stdout.write(formatMetricsTable(metrics));
    scored = `, sentence_label F1 ${(100 * metrics.sentence_label.f1).toFixed(1)}`;
  }
  logger.info(
    `decode baseline: ${claims.length} ${args.split} claims, ${countAbstracts(predictions)} ` +
      `cited abstracts, top ${top} TF-IDF sentences each, all SUPPORT${scored} ` +
      `-> ${args.out} in ${secondsSince(start)}`,
  );
}

export async function run(argv: string[]): Promise<void> {
  await runCli(async (args) => {
    await stageParser(yargs(args))
      .scriptName('scifact decode')
      .command(
        '$0',
        'Turn probabilities into official SciFact predictions',
        (y) =>
          y.options({
            ...sharedOptions,
            threshold: { type: 'number', demandOption: true, describe: 'Evidence threshold' },
            'nei-rule': { choices: NEI_RULES as unknown as string[], demandOption: true },
            data: { type: 'string', describe: 'Data folder; with --split, one line per claim' },
            split: splitOption,
            out: { type: 'string', demandOption: true, describe: 'predictions.jsonl to write' },
          }),
        decodeCommand,
      )
      .command(
        'sweep',
        'Decode and score several thresholds and NEI rules in one pass',
        (y) =>
          y.options({
            ...sharedOptions,
            data: { type: 'string', demandOption: true, describe: 'Data folder' },
            split: { ...splitOption, demandOption: true },
            thresholds: { type: 'string', default: '0.3,0.4,0.5,0.6' },
            'nei-rules': { type: 'string', default: NEI_RULES.join(',') },
            select: {
              choices: SELECTABLE_METRICS as unknown as string[],
              default: 'sentence_label',
              describe: 'Metric whose F1 picks the best threshold per rule',
            },
            out: {
              type: 'string',
              demandOption: true,
              describe: 'sweep.json to write; predictions.<rule>.jsonl go beside it',
            },
          }),
        sweepCommand,
      )
      .command(
        'baseline',
        'The no-learning reference: TF-IDF top sentences of every cited abstract, all SUPPORT',
        (y) =>
          y.options({
            data: { type: 'string', demandOption: true, describe: 'Data folder' },
            split: { ...splitOption, demandOption: true },
            top: { type: 'number', default: 2, describe: 'Sentences predicted per abstract' },
            'claims-limit': sharedOptions['claims-limit'],
            score: {
              type: 'boolean',
              default: false,
              describe: 'Score the predictions against the split and print the metrics table',
            },
            out: { type: 'string', demandOption: true, describe: 'predictions.jsonl to write' },
            ...logLevelOption,
          }),
        baselineCommand,
      )
      .parseAsync();
  }, argv);
}

if (isMainModule(import.meta.url)) await run(process.argv.slice(2));
