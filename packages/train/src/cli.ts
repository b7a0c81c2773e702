import yargs from 'yargs';
import {
  defaultReleaseDir,
  isMainModule,
  logLevelOption,
  loggerFromArgs,
  runCli,
  stageParser,
} from '@scifact/data';
import { EXAMPLE_WINDOWS, type ExampleWindow } from '@scifact/encoding';
import { DEFAULT_COMPACT_HIDDEN, DEFAULT_COMPACT_LAYERS } from './encoder.ts';
import {
  nonNegativeInteger,
  nonNegativeNumber,
  positiveInteger,
  positiveNumber,
} from './options.ts';
import {
  COMPACT_LR,
  DEFAULT_SETTINGS,
  DEFAULT_TIMEOUT_MINUTES,
  PRETRAINED_LR,
  train,
} from './train.ts';
import {
  CudaOutOfMemoryError,
  DEVICES,
  EVIDENCE_LOSSES,
  TRAINER_EXIT,
  type Device,
  type EvidenceLoss,
} from './trainer.ts';

async function main(args: string[]): Promise<void> {
  const parsed = await stageParser(yargs(args))
    .scriptName('scifact train')
    .usage('$0 --examples FILE [--encoder compact|DIR|HUB_ID] [options]')
    .options({
      examples: {
        type: 'string',
        demandOption: true,
        describe: 'examples.jsonl (negatives stage)',
      },
      encoder: {
        type: 'string',
        default: 'compact',
        describe:
          'compact, a BERT checkpoint folder, or a hub id (allenai/scibert_scivocab_uncased)',
      },
      data: {
        type: 'string',
        default: defaultReleaseDir(),
        describe: 'SciFact release the compact vocabulary is built from',
      },
      'evidence-loss': { choices: EVIDENCE_LOSSES, default: DEFAULT_SETTINGS.evidenceLoss },
      'evidence-weight': { type: 'number', default: DEFAULT_SETTINGS.evidenceWeight },
      'focal-alpha': { type: 'number', default: DEFAULT_SETTINGS.focalAlpha },
      'focal-gamma': { type: 'number', default: DEFAULT_SETTINGS.focalGamma },
      'pos-weight': {
        type: 'number',
        default: DEFAULT_SETTINGS.posWeight,
        describe: 'weighted_bce: weight of evidence sentences',
      },
      epochs: { type: 'number', default: DEFAULT_SETTINGS.epochs },
      lr: {
        type: 'number',
        describe: `Peak learning rate; default ${COMPACT_LR} (compact), ${PRETRAINED_LR} else`,
      },
      'batch-size': { type: 'number', default: DEFAULT_SETTINGS.batchSize },
      seed: { type: 'number', default: DEFAULT_SETTINGS.seed },
      layers: { type: 'number', default: DEFAULT_COMPACT_LAYERS, describe: 'compact: layers' },
      hidden: {
        type: 'number',
        default: DEFAULT_COMPACT_HIDDEN,
        describe: 'compact: hidden size, a multiple of 64',
      },
      device: {
        choices: DEVICES,
        default: DEFAULT_SETTINGS.device,
        describe: 'auto takes CUDA when torch sees it',
      },
      threads: {
        type: 'number',
        default: DEFAULT_SETTINGS.threads,
        describe: 'torch CPU threads; CPU results are repeatable for a given count',
      },
      python: { type: 'string', describe: 'Python with torch (default SCIFACT_PYTHON, python3)' },
      'hub-cache': {
        type: 'string',
        describe: 'Hub downloads (default ~/.cache/scifact-grid/hub)',
      },
      window: {
        choices: EXAMPLE_WINDOWS,
        default: DEFAULT_SETTINGS.window,
        describe: 'long abstracts: keep the first sentences, or the run with the most evidence',
      },
      'lexical-features': {
        type: 'boolean',
        default: DEFAULT_SETTINGS.lexicalFeatures,
        describe: 'feed claim-sentence BM25 features beside the encoder (needs --data)',
      },
      'word-vectors': {
        type: 'string',
        describe: 'compact: start word embeddings from a cut of `scifact encoding vectors`',
      },
      'timeout-minutes': { type: 'number', default: DEFAULT_TIMEOUT_MINUTES },
      out: { type: 'string', describe: 'Output folder (default artifacts/train/<key>)' },
      ...logLevelOption,
    })
    // A repeated option takes its last value, so a caller can override a default it passed.
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .parseAsync();

  const { out } = await train(
    {
      examples: parsed.examples,
      encoder: parsed.encoder,
      dataDir: parsed.data,
      evidenceLoss: parsed['evidence-loss'] as EvidenceLoss,
      evidenceWeight: nonNegativeNumber('evidence-weight', parsed['evidence-weight']),
      focalAlpha: nonNegativeNumber('focal-alpha', parsed['focal-alpha']),
      focalGamma: nonNegativeNumber('focal-gamma', parsed['focal-gamma']),
      posWeight: positiveNumber('pos-weight', parsed['pos-weight']) as number,
      epochs: positiveInteger('epochs', parsed.epochs),
      lr: positiveNumber('lr', parsed.lr),
      batchSize: positiveInteger('batch-size', parsed['batch-size']),
      seed: nonNegativeInteger('seed', parsed.seed),
      layers: parsed.layers,
      hidden: parsed.hidden,
      device: parsed.device as Device,
      threads: positiveInteger('threads', parsed.threads),
      window: parsed.window as ExampleWindow,
      lexicalFeatures: parsed['lexical-features'],
      wordVectors: parsed['word-vectors'],
      python: parsed.python,
      hubCache: parsed['hub-cache'],
      timeoutMinutes: positiveNumber('timeout-minutes', parsed['timeout-minutes']),
      out: parsed.out,
    },
    loggerFromArgs(parsed),
  );
  process.stdout.write(`${out}\n`);
}

/** `scifact train`: exit 0 done, 2 bad input, 3 CUDA out of memory, 1 anything else. */
export async function run(argv: string[]): Promise<void> {
  let outOfMemory = false;
  await runCli(async (args) => {
    try {
      await main(args);
    } catch (error) {
      outOfMemory = error instanceof CudaOutOfMemoryError;
      throw error;
    }
  }, argv);
  if (outOfMemory) process.exitCode = TRAINER_EXIT.cudaOutOfMemory;
}

if (isMainModule(import.meta.url)) await run(process.argv.slice(2));
