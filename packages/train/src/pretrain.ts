import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  InputError,
  loadCorpus,
  secondsSince,
  writeDirAtomic,
  writeJsonAtomic,
  writeJsonl,
  type Logger,
} from '@scifact/data';
import { encodeWindows, saveTokenizer, type TextTokenizer } from '@scifact/encoding';
import { acquireDeviceSlot, visibleGpus } from './device-slots.ts';
import { resolveEncoder } from './encoder.ts';
import { defaultHubCache, hubBaseUrl } from './hub.ts';
import { ProcessError, runProcess } from './process.ts';
import { findPython } from './python.ts';
import {
  parseTrainerRecord,
  threadEnvironment,
  type Device,
  type TrainerRecord,
} from './trainer.ts';
import { resolveWordVectors } from './word-vectors.ts';

/** The pretraining script; its config keys are its DEFAULTS (python/pretrain.py). */
export const PRETRAIN_SCRIPT = fileURLToPath(new URL('../python/pretrain.py', import.meta.url));

/**
 * Sized to take about ten minutes on two CPU cores for the default compact shape, so that
 * pretraining and a focused grid together stay within half an hour (packages/train/README.md).
 */
export const DEFAULT_PRETRAINING = {
  epochs: 4,
  batchSize: 32,
  lr: 1e-3,
  /** Shorter than fine-tuning's 512: most abstracts fit, and attention costs less. */
  maxTokens: 256,
  maskProbability: 0.15,
  seed: 42,
  threads: 2,
  device: 'auto' as Device,
};

export interface PretrainOptions {
  dataDir: string;
  out: string;
  layers: number;
  hidden: number;
  epochs: number;
  batchSize: number;
  lr: number;
  maxTokens: number;
  maskProbability: number;
  seed: number;
  threads: number;
  device: Device;
  /** A word-vector cut the word embeddings start from. */
  wordVectors?: string;
  python?: string;
  timeoutMinutes: number;
}

/** `pretraining.json`, beside the checkpoint: how the encoder was pretrained. */
export interface PretrainingCard {
  stage: 'pretrain';
  objective: 'masked language modelling';
  vocabulary_hash: string;
  data: { abstracts: number; sequences: number; tokens: number; max_tokens: number };
  settings: Record<string, unknown>;
  word_vectors?: { source: string; sha256: string; found: number };
  summary: TrainerRecord;
}

/**
 * Pretrains the compact encoder with masked language modelling on the corpus abstracts and
 * writes a BERT checkpoint folder (config.json, model.safetensors, the compact tokenizer,
 * pretraining.json, log.jsonl) in one rename: `scifact train --encoder <out>` fine-tunes it.
 */
export async function pretrain(options: PretrainOptions, logger: Logger): Promise<PretrainingCard> {
  const start = performance.now();
  const python = await findPython(options.python);
  const encoder = await resolveEncoder('compact', {
    dataDir: options.dataDir,
    layers: options.layers,
    hidden: options.hidden,
    hubCache: defaultHubCache(),
    hubUrl: hubBaseUrl(),
    logger,
  });
  const shape = encoder.compact!;
  const wordVectors = options.wordVectors
    ? await resolveWordVectors(options.wordVectors, encoder)
    : undefined;

  const corpus = [...(await loadCorpus(options.dataDir)).values()];
  const sequences = corpusSequences(corpus, encoder.tokenizer, options.maxTokens);
  const tokens = sequences.reduce((sum, ids) => sum + ids.length, 0);
  logger.info(
    `pretrain: ${sequences.length} sequences of up to ${options.maxTokens} tokens ` +
      `(${tokens} in all) from ${corpus.length} abstracts`,
  );

  const { special, vocabSize } = encoder.tokenizer;
  if (special.mask === undefined) {
    throw new InputError('the compact vocabulary has no [MASK] token to pretrain with');
  }
  const work = await mkdtemp(join(tmpdir(), 'scifact-pretrain-'));
  let card!: PretrainingCard;
  try {
    await writeDirAtomic(options.out, async (dir) => {
      const sequencesFile = join(work, 'sequences.jsonl');
      await writeJsonl(
        sequencesFile,
        sequences.map((ids) => ({ input_ids: ids })),
      );
      const config = {
        sequences: sequencesFile,
        out_dir: dir,
        vocab_size: vocabSize,
        hidden_size: shape.hidden,
        num_layers: shape.layers,
        num_heads: shape.heads,
        intermediate_size: shape.intermediate,
        max_length: encoder.maxTokens,
        pad_token_id: special.pad,
        cls_token_id: special.cls,
        sep_token_id: special.sep,
        mask_token_id: special.mask,
        first_word_id: firstWordId(encoder.tokenizer),
        mask_probability: options.maskProbability,
        ...(wordVectors
          ? { word_vectors: wordVectors.file, word_vector_dims: wordVectors.dimensions }
          : {}),
        epochs: options.epochs,
        batch_size: options.batchSize,
        lr: options.lr,
        seed: options.seed,
        threads: options.threads,
        device: options.device,
      };
      const configFile = join(work, 'pretrain-config.json');
      await writeFile(configFile, JSON.stringify(config, null, 2));

      const gpus = options.device === 'cpu' ? [] : await visibleGpus();
      const slot = await acquireDeviceSlot({
        gpus,
        onWait: (message) => logger.info(`pretrain: ${message}`),
      });
      let summary: TrainerRecord;
      try {
        summary = await runPretraining(python.command, configFile, options, logger, slot.env);
      } finally {
        await slot.release();
      }

      await saveTokenizer(encoder.tokenizer, dir);
      card = {
        stage: 'pretrain',
        objective: 'masked language modelling',
        vocabulary_hash: encoder.tokenizer.vocabularyHash,
        data: {
          abstracts: corpus.length,
          sequences: sequences.length,
          tokens,
          max_tokens: options.maxTokens,
        },
        settings: settingsOf(config),
        ...(wordVectors
          ? {
              word_vectors: {
                source: wordVectors.source,
                sha256: wordVectors.sha256,
                found: wordVectors.found,
              },
            }
          : {}),
        summary,
      };
      await writeJsonAtomic(join(dir, 'pretraining.json'), card);
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const { summary } = card;
  const [first, last] = [summary.first_loss, summary.last_epoch_loss].map((x) =>
    Number(x).toFixed(3),
  );
  logger.info(
    `pretrain: ${summary.epochs} epochs on ${summary.device}, masked-word loss ` +
      `${first} -> ${last}, ` +
      `accuracy ${(100 * Number(summary.last_epoch_accuracy)).toFixed(1)}%, ` +
      `${summary.tokens_per_s} tokens/s; ${options.out} in ${secondsSince(start)}`,
  );
  return card;
}

/**
 * The pretraining sequences: each abstract as the claim verifier will see it, with its title
 * in the claim's place, `[CLS] title [SEP] s1 [SEP] … [SEP]`, in windows of consecutive
 * sentences so that every sentence is seen once.
 */
export function corpusSequences(
  corpus: Array<{ title: string; abstract: string[] }>,
  tokenizer: TextTokenizer,
  maxTokens: number,
): number[][] {
  return corpus.flatMap((doc) =>
    encodeWindows(tokenizer, doc.title, doc.abstract, { maxTokens }).map((w) => w.inputIds),
  );
}

/** The pretraining config without its file paths, which are temporary. */
function settingsOf(config: Record<string, unknown>): Record<string, unknown> {
  const { sequences: _sequences, out_dir: _outDir, word_vectors: _vectors, ...rest } = config;
  return rest;
}

/** The first id after the special tokens, which BERT vocabularies put first. */
function firstWordId(tokenizer: TextTokenizer): number {
  return Math.max(...Object.values(tokenizer.special).filter((id) => id !== undefined)) + 1;
}

async function runPretraining(
  python: string,
  configFile: string,
  options: PretrainOptions,
  logger: Logger,
  env: Record<string, string>,
): Promise<TrainerRecord> {
  const records: TrainerRecord[] = [];
  const onStdoutLine = (line: string) => {
    const record = parseTrainerRecord(line);
    if (!record) return logger.debug(`pretrain: ${line}`);
    records.push(record);
    if (record.event === 'step') {
      const accuracy = (100 * Number(record.accuracy)).toFixed(1);
      const label =
        `pretrain: epoch ${record.epoch}/${options.epochs} masked-word loss ` +
        `${Number(record.loss).toFixed(4)}, accuracy ${accuracy}%, ` +
        `${record.tokens_per_s} tokens/s, step`;
      logger.progress(label, Number(record.step), Number(record.steps));
    }
  };

  try {
    await runProcess(python, [PRETRAIN_SCRIPT, '--config', configFile], {
      label: 'pretraining',
      timeoutMs: options.timeoutMinutes * 60_000,
      env: { ...threadEnvironment(options.threads), ...env },
      onStdoutLine,
      onStderrLine: (line) => logger.debug(`pretrain: ${line}`),
    });
  } catch (error) {
    if (!(error instanceof ProcessError)) throw error;
    const reported = records.find((record) => record.event === 'error');
    const last = error.stderr
      .trim()
      .split('\n')
      .pop()
      ?.replace(/^error: /, '');
    throw new Error(`pretrain: ${String(reported?.message ?? last ?? error.message)}`, {
      cause: error,
    });
  }

  const summary = records.find((record) => record.event === 'summary');
  if (!summary) throw new Error('pretrain: the script exited with 0 but logged no summary');
  return summary;
}
