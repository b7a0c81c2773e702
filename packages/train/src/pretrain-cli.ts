import yargs from 'yargs';
import {
  defaultReleaseDir,
  InputError,
  isMainModule,
  logLevelOption,
  loggerFromArgs,
  runCli,
  stageParser,
} from '@scifact/data';
import { DEFAULT_COMPACT_HIDDEN, DEFAULT_COMPACT_LAYERS } from './encoder.ts';
import { nonNegativeInteger, positiveInteger, positiveNumber } from './options.ts';
import { DEFAULT_PRETRAINING, pretrain } from './pretrain.ts';
import { DEFAULT_TIMEOUT_MINUTES } from './train.ts';
import { DEVICES, type Device } from './trainer.ts';

async function main(args: string[]): Promise<void> {
  const parsed = await stageParser(yargs(args))
    .scriptName('scifact pretrain')
    .usage(
      '$0 --out DIR [options]\n\n' +
        'Pretrain the compact encoder with masked language modelling on the corpus abstracts. ' +
        'The folder it writes is a BERT checkpoint: fine-tune it with scifact train --encoder DIR.',
    )
    .options({
      data: {
        type: 'string',
        default: defaultReleaseDir(),
        describe: 'SciFact release: the corpus and the compact vocabulary',
      },
      out: { type: 'string', demandOption: true, describe: 'The checkpoint folder to write' },
      epochs: { type: 'number', default: DEFAULT_PRETRAINING.epochs },
      'batch-size': { type: 'number', default: DEFAULT_PRETRAINING.batchSize },
      lr: { type: 'number', default: DEFAULT_PRETRAINING.lr, describe: 'Peak learning rate' },
      'max-tokens': {
        type: 'number',
        default: DEFAULT_PRETRAINING.maxTokens,
        describe: 'Longest sequence; longer abstracts are split into windows of sentences',
      },
      'mask-probability': {
        type: 'number',
        default: DEFAULT_PRETRAINING.maskProbability,
        describe: 'Share of word tokens to predict',
      },
      seed: { type: 'number', default: DEFAULT_PRETRAINING.seed },
      layers: { type: 'number', default: DEFAULT_COMPACT_LAYERS },
      hidden: { type: 'number', default: DEFAULT_COMPACT_HIDDEN },
      'word-vectors': {
        type: 'string',
        describe: 'Start word embeddings from a cut of `scifact encoding vectors`',
      },
      device: { choices: DEVICES, default: DEFAULT_PRETRAINING.device },
      threads: { type: 'number', default: DEFAULT_PRETRAINING.threads },
      python: { type: 'string', describe: 'Python with torch (default SCIFACT_PYTHON, python3)' },
      'timeout-minutes': { type: 'number', default: DEFAULT_TIMEOUT_MINUTES },
      ...logLevelOption,
    })
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .parseAsync();

  const maskProbability = parsed['mask-probability'];
  if (!(maskProbability > 0 && maskProbability < 1)) {
    throw new InputError(
      `--mask-probability: expected a number in (0, 1), received ${maskProbability}`,
    );
  }
  await pretrain(
    {
      dataDir: parsed.data,
      out: parsed.out,
      layers: parsed.layers,
      hidden: parsed.hidden,
      epochs: positiveInteger('epochs', parsed.epochs),
      batchSize: positiveInteger('batch-size', parsed['batch-size']),
      lr: positiveNumber('lr', parsed.lr) as number,
      maxTokens: positiveInteger('max-tokens', parsed['max-tokens']),
      maskProbability,
      seed: nonNegativeInteger('seed', parsed.seed),
      threads: positiveInteger('threads', parsed.threads),
      device: parsed.device as Device,
      wordVectors: parsed['word-vectors'],
      python: parsed.python,
      timeoutMinutes: positiveNumber('timeout-minutes', parsed['timeout-minutes']) as number,
    },
    loggerFromArgs(parsed),
  );
  process.stdout.write(`${parsed.out}\n`);
}

/** `scifact pretrain`: exit 0 done, 2 bad input, 1 anything else. */
export async function run(argv: string[]): Promise<void> {
  await runCli(main, argv);
}

if (isMainModule(import.meta.url)) await run(process.argv.slice(2));
