import { fileURLToPath } from 'node:url';
import { InputError, type Logger } from '@scifact/data';
import { LEXICAL_FEATURES, type ExampleWindow } from '@scifact/encoding';
import type { ResolvedEncoder } from './encoder.ts';
import { ProcessError, runProcess } from './process.ts';
import type { StartingVectors } from './word-vectors.ts';

/** The Python trainer; it reads a JSON config whose keys are its DEFAULTS. */
export const TRAINER_SCRIPT = fileURLToPath(new URL('../python/trainer.py', import.meta.url));

/** The trainer's exit codes (python/trainer.py). */
export const TRAINER_EXIT = { input: 2, cudaOutOfMemory: 3 } as const;

export const EVIDENCE_LOSSES = ['bce', 'focal', 'weighted_bce'] as const;
export type EvidenceLoss = (typeof EVIDENCE_LOSSES)[number];

export const DEVICES = ['auto', 'cpu', 'cuda'] as const;
export type Device = (typeof DEVICES)[number];

/** What a training run is told, besides the encoder and the files. */
export interface TrainingSettings {
  evidenceLoss: EvidenceLoss;
  evidenceWeight: number;
  focalAlpha: number;
  focalGamma: number;
  posWeight: number;
  epochs: number;
  lr: number;
  batchSize: number;
  seed: number;
  device: Device;
  threads: number;
  /** Which sentences a long abstract's example keeps (encoding's `ExampleWindow`). */
  window: ExampleWindow;
  /** Feed `LEXICAL_FEATURES` per sentence as the model's fourth input. */
  lexicalFeatures: boolean;
}

/** A JSONL record of the trainer's log (`event`: start, step, epoch, summary, export, error). */
export type TrainerRecord = { event: string } & Record<string, unknown>;

/** CUDA ran out of memory; the message names the batch size and a smaller one to try. */
export class CudaOutOfMemoryError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'CudaOutOfMemoryError';
  }
}

/**
 * The trainer's config: every key is one of python/trainer.py's DEFAULTS, which fails on
 * any other. Paths are absolute, since the trainer runs in its own folder.
 */
export function trainerConfig(
  encoder: ResolvedEncoder,
  settings: TrainingSettings,
  files: { encoded: string; outDir: string; wordVectors?: StartingVectors },
): Record<string, unknown> {
  const { special, vocabSize } = encoder.tokenizer;
  const shape = encoder.compact
    ? {
        init_from: 'scratch',
        vocab_size: vocabSize,
        num_layers: encoder.compact.layers,
        hidden_size: encoder.compact.hidden,
        num_heads: encoder.compact.heads,
        intermediate_size: encoder.compact.intermediate,
        max_length: encoder.maxTokens,
      }
    : { init_from: encoder.checkpointDir };
  const vectors = files.wordVectors
    ? { word_vectors: files.wordVectors.file, word_vector_dims: files.wordVectors.dimensions }
    : {};

  return {
    encoded: files.encoded,
    out_dir: files.outDir,
    ...shape,
    ...vectors,
    pad_token_id: special.pad,
    sep_token_id: special.sep,
    sentence_features: settings.lexicalFeatures ? LEXICAL_FEATURES.length : 0,
    ...trainerSettings(settings),
  };
}

/** The settings the trainer reads, under its config keys; the model card records them too. */
export function trainerSettings(settings: TrainingSettings): Record<string, unknown> {
  return {
    evidence_loss: settings.evidenceLoss,
    evidence_weight: settings.evidenceWeight,
    focal_alpha: settings.focalAlpha,
    focal_gamma: settings.focalGamma,
    pos_weight: settings.posWeight,
    epochs: settings.epochs,
    batch_size: settings.batchSize,
    lr: settings.lr,
    seed: settings.seed,
    device: settings.device,
    threads: settings.threads,
  };
}

export interface TrainerRun {
  records: TrainerRecord[];
  summary: TrainerRecord;
  seconds: number;
}

/**
 * Runs python/trainer.py on `configFile`, showing progress from its JSONL log on standard
 * error. Bad input (exit 2) becomes an InputError with the trainer's message, and CUDA out of
 * memory (exit 3) a CudaOutOfMemoryError; any other failure is the ProcessError itself.
 */
export async function runTrainer(
  python: string,
  configFile: string,
  options: { timeoutMs: number; threads: number; logger: Logger; env?: Record<string, string> },
): Promise<TrainerRun> {
  const { logger } = options;
  const records: TrainerRecord[] = [];
  const onStdoutLine = (line: string) => {
    const record = parseTrainerRecord(line);
    if (!record) return logger.debug(`trainer: ${line}`);
    records.push(record);
    showProgress(record, records, logger);
  };

  let seconds: number;
  try {
    const result = await runProcess(python, [TRAINER_SCRIPT, '--config', configFile], {
      label: 'trainer',
      timeoutMs: options.timeoutMs,
      env: { ...threadEnvironment(options.threads), ...options.env },
      onStdoutLine,
      onStderrLine: (line) => {
        if (line.startsWith('warning: ')) logger.warn(`train: ${line.slice('warning: '.length)}`);
        else logger.debug(`trainer: ${line}`);
      },
    });
    seconds = result.seconds;
  } catch (error) {
    throw explainFailure(error, records);
  }

  const summary = records.find((record) => record.event === 'summary');
  if (!summary) throw new Error('train: the trainer exited with 0 but logged no summary record');
  return { records, summary, seconds };
}

/**
 * OpenMP and OpenBLAS pools of torch's size, so the split of work, and with it every float,
 * is the same from run to run. Passive waiting, unless the caller chose otherwise: on a
 * machine whose cores are busy with other work, spinning OpenMP threads made a training step
 * four times slower (packages/train/README.md).
 */
export function threadEnvironment(threads: number, env = process.env): Record<string, string> {
  return {
    OMP_NUM_THREADS: String(threads),
    OPENBLAS_NUM_THREADS: String(threads),
    OMP_WAIT_POLICY: env.OMP_WAIT_POLICY ?? 'PASSIVE',
  };
}

/** One JSONL log line of a Python script, or undefined for any other line. */
export function parseTrainerRecord(line: string): TrainerRecord | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line);
    return typeof value?.event === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function showProgress(record: TrainerRecord, records: TrainerRecord[], logger: Logger) {
  const start = records.find((r) => r.event === 'start');
  const fixed = (value: unknown, digits = 4) => Number(value).toFixed(digits);

  if (record.event === 'start') {
    const millions = (Number(record.parameters) / 1e6).toFixed(1);
    logger.info(
      `train: ${record.examples} examples, ${record.epochs} epochs of batch ` +
        `${record.batch_size}, ${record.steps} steps; ${millions}M parameters on ` +
        `${record.device} (${record.dtype}, torch ${record.torch})`,
    );
  } else if (record.event === 'step' && start) {
    const label =
      `train: epoch ${record.epoch}/${start.epochs} loss ${fixed(record.loss)} ` +
      `(label ${fixed(record.label_loss)}, evidence ${fixed(record.evidence_loss)}), ` +
      `${fixed(record.examples_per_s, 1)} examples/s, step`;
    logger.progress(label, Number(record.step), Number(start.steps));
  } else if (record.event === 'epoch') {
    logger.debug(`train: epoch ${record.epoch} mean loss ${fixed(record.loss)}`);
  } else if (record.event === 'export') {
    logger.info(`train: exported ${record.file} in ${record.seconds}s`);
  }
}

function explainFailure(error: unknown, records: TrainerRecord[]): unknown {
  if (!(error instanceof ProcessError)) return error;
  const reported = [...records].reverse().find((record) => record.event === 'error');
  const lastStderr = error.stderr
    .trim()
    .split('\n')
    .pop()
    ?.replace(/^error: /, '');
  const message = String(reported?.message ?? lastStderr ?? error.message);

  if (error.exitCode === TRAINER_EXIT.cudaOutOfMemory) {
    return new CudaOutOfMemoryError(`train: ${message}`);
  }
  if (error.exitCode === TRAINER_EXIT.input) {
    return new InputError(`train: ${message}`, undefined, { cause: error });
  }
  return error;
}
