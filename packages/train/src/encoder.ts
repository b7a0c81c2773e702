import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { InputError, messageOf, sha256, sha256File, type Logger } from '@scifact/data';
import {
  buildCompactVocabulary,
  compactTokenizer,
  DEFAULT_LIMITS,
  loadTokenizer,
  readVocabularyTexts,
  type TextTokenizer,
} from '@scifact/encoding';
import { fetchHubCheckpoint, isHubId } from './hub.ts';

/** What the trainer reads, in its order of preference (python/model.py, WEIGHT_FILES). */
const WEIGHT_FILES = ['model.safetensors', 'pytorch_model.bin'];

export type EncoderKind = 'compact' | 'checkpoint' | 'hub';

/** The shape of the compact BERT: small enough to train on a laptop CPU in minutes. */
export interface CompactShape {
  layers: number;
  hidden: number;
  /** One head per 64 dimensions, as in BERT-base (768 / 12), and at least one. */
  heads: number;
  /** Four times the hidden size, as in BERT. */
  intermediate: number;
}

export const DEFAULT_COMPACT_LAYERS = 2;
export const DEFAULT_COMPACT_HIDDEN = 128;

export interface ResolvedEncoder {
  /** As given on the command line: `compact`, a folder, or a hub id. */
  name: string;
  kind: EncoderKind;
  tokenizer: TextTokenizer;
  /** The Hugging Face checkpoint folder the trainer starts from (not for compact). */
  checkpointDir?: string;
  compact?: CompactShape;
  /** Longest input the encoder's position table holds. */
  maxTokens: number;
  /** What identifies the encoder in the model's artifact key. */
  identity: Record<string, unknown>;
}

export interface EncoderOptions {
  /** The SciFact release the compact vocabulary is built from. */
  dataDir: string;
  layers: number;
  hidden: number;
  hubCache: string;
  hubUrl: string;
  logger: Logger;
}

/**
 * Resolves `--encoder`: `compact` builds the compact vocabulary from the release in
 * `dataDir`; an existing folder is a local BERT checkpoint; `owner/name` is a hub id,
 * downloaded into the hub cache on first use.
 */
export async function resolveEncoder(
  spec: string,
  options: EncoderOptions,
): Promise<ResolvedEncoder> {
  if (spec === 'compact') return compactEncoder(options);
  if (await isDirectory(spec)) return checkpointEncoder(spec, resolve(spec), 'checkpoint');
  if (isHubId(spec)) {
    const folder = await fetchHubCheckpoint(spec, {
      cacheDir: options.hubCache,
      baseUrl: options.hubUrl,
      logger: options.logger,
    });
    return checkpointEncoder(spec, folder, 'hub');
  }
  throw new InputError(
    `--encoder: expected compact, a checkpoint folder or a hub id such as ` +
      `allenai/scibert_scivocab_uncased; received "${spec}", which is no folder`,
  );
}

/**
 * Heads and MLP width that follow from a layer count and hidden size: one head per 64
 * dimensions (at least one), and an MLP four times as wide, as in BERT.
 */
export function compactShape(layers: number, hidden: number): CompactShape {
  if (!Number.isInteger(layers) || layers < 1) {
    throw new InputError(`--layers: expected a positive integer, received ${layers}`);
  }
  const heads = Math.max(1, Math.floor(hidden / 64));
  if (!Number.isInteger(hidden) || hidden < 16 || hidden % 16 !== 0 || hidden % heads !== 0) {
    throw new InputError(
      `--hidden: expected a multiple of 16 that splits into heads of 64 (e.g. 64, 128, 256), ` +
        `received ${hidden}`,
    );
  }
  return { layers, hidden, heads, intermediate: 4 * hidden };
}

async function compactEncoder(options: EncoderOptions): Promise<ResolvedEncoder> {
  const shape = compactShape(options.layers, options.hidden);
  const start = performance.now();
  const vocabulary = buildCompactVocabulary(await readVocabularyTexts(options.dataDir));
  const tokenizer = compactTokenizer(vocabulary.tokens, '(compact vocabulary)');
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  options.logger.info(
    `train: compact vocabulary of ${vocabulary.tokens.length} tokens from ` +
      `${options.dataDir} in ${seconds}s (sha256 ${vocabulary.hash.slice(0, 12)})`,
  );

  return {
    name: 'compact',
    kind: 'compact',
    tokenizer,
    compact: shape,
    maxTokens: DEFAULT_LIMITS.maxTokens,
    identity: { kind: 'compact', vocabulary: vocabulary.hash, ...shape },
  };
}

async function checkpointEncoder(
  name: string,
  folder: string,
  kind: EncoderKind,
): Promise<ResolvedEncoder> {
  const configFile = join(folder, 'config.json');
  let config: { vocab_size?: unknown; max_position_embeddings?: unknown };
  let configText: string;
  try {
    configText = await readFile(configFile, 'utf8');
    config = JSON.parse(configText);
  } catch (error) {
    throw new InputError(`cannot read the checkpoint's config: ${messageOf(error)}`, {
      file: configFile,
    });
  }

  const tokenizer = await loadTokenizer(folder);
  const vocabSize = Number(config.vocab_size);
  if (!(tokenizer.vocabSize <= vocabSize)) {
    throw new InputError(
      `vocab_size ${config.vocab_size} is smaller than the tokenizer's ` +
        `${tokenizer.vocabSize} tokens; the tokenizer does not belong to these weights`,
      { file: configFile },
    );
  }

  // The weights' hash, not the folder's name, identifies the encoder: the same checkpoint in
  // two places gives one key, and new weights under an old name give a new one.
  const weightsFile = WEIGHT_FILES.map((file) => join(folder, file)).find(existsSync);
  if (!weightsFile) {
    throw new InputError(`expected ${WEIGHT_FILES.join(' or ')} in the checkpoint folder`, {
      file: folder,
    });
  }
  const identity = {
    kind: 'checkpoint',
    config: sha256(configText),
    weights: await sha256File(weightsFile),
    vocabulary: tokenizer.vocabularyHash,
  };

  const positions = Number(config.max_position_embeddings) || DEFAULT_LIMITS.maxTokens;
  return {
    name,
    kind,
    tokenizer,
    checkpointDir: folder,
    maxTokens: Math.min(positions, DEFAULT_LIMITS.maxTokens),
    identity,
  };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
