import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  artifactKey,
  InputError,
  loadCorpus,
  messageOf,
  secondsSince,
  sha256File,
  writeDirAtomic,
  writeJsonAtomic,
  writeJsonl,
  type Logger,
} from '@scifact/data';
import {
  corpusLexicalStatistics,
  DEFAULT_LIMITS,
  encodeExamplesFile,
  LEXICAL_FEATURES,
  lexicalFeaturizer,
  saveTokenizer,
  type EncodeLimits,
  type EncodeSummary,
  type SentenceFeaturizer,
} from '@scifact/encoding';
import { buildCard, type ModelCard } from './card.ts';
import { resolveEncoder, type ResolvedEncoder } from './encoder.ts';
import { defaultHubCache, hubBaseUrl } from './hub.ts';
import { checkParity } from './parity.ts';
import { findPython } from './python.ts';
import { acquireDeviceSlot, visibleGpus } from './device-slots.ts';
import { runTrainer, trainerConfig, type TrainingSettings } from './trainer.ts';
import { resolveWordVectors, type StartingVectors } from './word-vectors.ts';

/** The notebook's rate, right for fine-tuning a pre-trained BERT. */
export const PRETRAINED_LR = 2e-5;

/**
 * A randomly initialised BERT has nothing to preserve and everything to learn, so 2e-5 is
 * far too timid for the compact encoder. Measured on the focused examples (3 epochs, seed 42,
 * dev oracle, best over thresholds and NEI rules; README.md): 2e-5 ended at train loss 2.03
 * with Sel+L 13.5 and Lab+R 19.7; 5e-4 at 1.85 with 15.2 and 28.9; 1e-3 at 1.83 with 12.3
 * and 24.8; 2e-3 at 1.90. 5e-4 was best on every dev metric; one seed, so a margin of a
 * point or two is noise.
 */
export const COMPACT_LR = 5e-4;

export const DEFAULT_SETTINGS = {
  evidenceLoss: 'bce',
  evidenceWeight: 2,
  focalAlpha: 0.75,
  focalGamma: 2,
  posWeight: 3,
  epochs: 3,
  batchSize: 8,
  seed: 42,
  device: 'auto',
  threads: 2,
  window: 'first',
  lexicalFeatures: false,
} as const satisfies Partial<TrainingSettings>;

/** The trainer may run this long; a BERT-base run on CPU takes hours, compact minutes. */
export const DEFAULT_TIMEOUT_MINUTES = 24 * 60;

export interface TrainOptions extends Omit<TrainingSettings, 'lr'> {
  /** `examples.jsonl` of the negatives stage. */
  examples: string;
  /** `compact`, a checkpoint folder, or a hub id. */
  encoder: string;
  /** The SciFact release, for the compact vocabulary. */
  dataDir: string;
  /** Default: COMPACT_LR for compact, PRETRAINED_LR for a checkpoint. */
  lr?: number;
  layers: number;
  hidden: number;
  /** A word-vector cut (`scifact encoding vectors`) the compact encoder starts from. */
  wordVectors?: string;
  /** Default: artifacts/train/<key>. */
  out?: string;
  python?: string;
  hubCache?: string;
  timeoutMinutes?: number;
}

export interface TrainResult {
  out: string;
  card: ModelCard;
}

/** What the model depends on: its examples, its encoder and every training setting. */
export function trainKey(
  examplesSha256: string,
  encoder: ResolvedEncoder,
  settings: TrainingSettings,
  wordVectors?: StartingVectors,
): string {
  // Loss parameters join the key only where the loss reads them, as in the grid's plan.
  const loss = settings.evidenceLoss;
  return artifactKey({
    stage: 'train',
    examples: examplesSha256,
    encoder: encoder.identity,
    evidence_loss: loss,
    evidence_weight: settings.evidenceWeight,
    ...(loss === 'focal'
      ? { focal_alpha: settings.focalAlpha, focal_gamma: settings.focalGamma }
      : {}),
    ...(loss === 'weighted_bce' ? { pos_weight: settings.posWeight } : {}),
    epochs: settings.epochs,
    lr: settings.lr,
    batch_size: settings.batchSize,
    seed: settings.seed,
    // Defaults stay out of the key, so models trained before these options keep theirs.
    ...(settings.window === 'first' ? {} : { window: settings.window }),
    ...(settings.lexicalFeatures ? { lexical_features: [...LEXICAL_FEATURES] } : {}),
    ...(wordVectors ? { word_vectors: wordVectors.sha256 } : {}),
  });
}

/**
 * Trains a claim verifier: tokenizes the examples with the encoding package, runs the Python
 * trainer, checks the ONNX export against PyTorch with onnxruntime-node, and writes
 * `model.onnx`, the tokenizer files, `card.json` and `log.jsonl` to the output folder in one
 * rename. A failed or killed run leaves nothing there.
 */
export async function train(options: TrainOptions, logger: Logger): Promise<TrainResult> {
  const start = performance.now();
  const python = await findPython(options.python);
  logger.info(`train: ${python.command} with torch ${python.torchVersion}`);

  const examplesSha256 = await hashExamples(options.examples);
  const encoder = await resolveEncoder(options.encoder, {
    dataDir: options.dataDir,
    layers: options.layers,
    hidden: options.hidden,
    hubCache: options.hubCache ?? defaultHubCache(),
    hubUrl: hubBaseUrl(),
    logger,
  });
  const wordVectors = options.wordVectors
    ? await resolveWordVectors(options.wordVectors, encoder)
    : undefined;
  if (wordVectors) {
    logger.info(
      `train: ${wordVectors.found} of ${wordVectors.tokens} word embeddings start from ` +
        `${wordVectors.source} (${wordVectors.dimensions} dimensions, ${options.wordVectors})`,
    );
  }
  const settings: TrainingSettings = {
    ...options,
    lr: options.lr ?? (encoder.kind === 'compact' ? COMPACT_LR : PRETRAINED_LR),
  };

  const limits: EncodeLimits = { ...DEFAULT_LIMITS, maxTokens: encoder.maxTokens };
  const features = settings.lexicalFeatures
    ? await loadFeaturizer(options.dataDir, logger)
    : undefined;
  const encoded = await encodeExamplesFile(options.examples, encoder.tokenizer, limits, {
    window: settings.window,
    features,
  });
  logEncoding(encoded.summary, logger);

  const key = trainKey(examplesSha256, encoder, settings, wordVectors);
  const out = options.out ?? join('artifacts', 'train', key);
  const work = await mkdtemp(join(tmpdir(), 'scifact-train-'));
  let card!: ModelCard;
  try {
    await writeDirAtomic(out, async (dir) => {
      const encodedFile = join(work, 'encoded.jsonl');
      await writeJsonl(encodedFile, encoded.records);
      const configFile = join(work, 'trainer-config.json');
      const config = trainerConfig(encoder, settings, {
        encoded: encodedFile,
        outDir: dir,
        wordVectors,
      });
      await writeFile(configFile, JSON.stringify(config, null, 2));

      const timeoutMinutes = options.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
      const gpus = settings.device === 'cpu' ? [] : await visibleGpus();
      const slot = await acquireDeviceSlot({
        gpus,
        onWait: (message) => logger.info(`train: ${message}`),
      });
      let run: Awaited<ReturnType<typeof runTrainer>>;
      try {
        run = await runTrainer(python.command, configFile, {
          timeoutMs: timeoutMinutes * 60_000,
          threads: settings.threads,
          logger,
          env: slot.env,
        });
      } finally {
        await slot.release();
      }
      const parity = await checkParity(join(dir, 'model.onnx'), join(dir, 'parity.json'));
      logger.info(
        `train: ONNX matches PyTorch on ${parity.cases} batches (${parity.shapes.join(', ')}), ` +
          `max |diff| ${parity.maxAbsDiff.toExponential(2)}`,
      );

      await saveTokenizer(encoder.tokenizer, dir);
      const files = [...(await readdir(dir)), 'card.json'].sort();
      card = buildCard({
        key,
        encoder,
        settings,
        wordVectors,
        examples: { file: options.examples, sha256: examplesSha256 },
        limits,
        encodeSummary: encoded.summary,
        summary: run.summary,
        python: python.command,
        parity,
        files,
      });
      await writeJsonAtomic(join(dir, 'card.json'), card);
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const training = card.training;
  logger.info(
    `train: ${training.examples} examples x ${training.epochs} epochs on ${card.device}, ` +
      `loss ${Number(training.first_loss).toFixed(3)} -> ` +
      `${Number(training.last_epoch_loss).toFixed(3)}, ${training.examples_per_s} examples/s, ` +
      `parity ${card.parity.max_abs_diff.toExponential(1)}; ${out} in ${secondsSince(start)}`,
  );
  return { out, card };
}

/** Lexical features over the release's corpus statistics (`--data`). */
async function loadFeaturizer(dataDir: string, logger: Logger): Promise<SentenceFeaturizer> {
  const start = performance.now();
  const statistics = corpusLexicalStatistics((await loadCorpus(dataDir)).values());
  logger.info(
    `train: lexical features (${LEXICAL_FEATURES.join(', ')}) over ` +
      `${statistics.sentences} corpus sentences in ${secondsSince(start)}`,
  );
  return lexicalFeaturizer(statistics);
}

async function hashExamples(file: string): Promise<string> {
  try {
    return await sha256File(file);
  } catch (error) {
    throw new InputError(
      `cannot read the examples: ${messageOf(error)}`,
      { file },
      {
        cause: error,
      },
    );
  }
}

function logEncoding(summary: EncodeSummary, logger: Logger) {
  logger.info(
    `train: encoded ${summary.examples} examples, ${summary.tokens} tokens (longest ` +
      `${summary.maxLength}); ${summary.omittedSentences} sentences did not fit, ` +
      `${summary.evidenceLost} of ${summary.evidenceSentences} evidence sentences among them`,
  );
  if (summary.unknownTokens > 0) logger.debug(`train: ${summary.unknownTokens} [UNK] tokens`);
}
