import { join, resolve } from 'node:path';
import { InputError } from '@scifact/data';
import { readWordVectorsMeta, WORD_VECTORS_FILE, WORD_VECTORS_META } from '@scifact/encoding';
import type { ResolvedEncoder } from './encoder.ts';

/** A cut of word vectors (`scifact encoding vectors`) that a compact model starts from. */
export interface StartingVectors {
  /** The float32 rows, absolute: the trainer runs in its own folder. */
  file: string;
  dimensions: number;
  /** Tokens that have a vector, of `tokens`. */
  found: number;
  tokens: number;
  source: string;
  sha256: string;
}

/**
 * Reads the cut in `dir` and checks it fits `encoder`: the compact encoder only (a checkpoint
 * brings its own embeddings), the same vocabulary it was cut for, and no more dimensions than
 * the hidden size.
 */
export async function resolveWordVectors(
  dir: string,
  encoder: ResolvedEncoder,
): Promise<StartingVectors> {
  if (encoder.kind !== 'compact' || !encoder.compact) {
    throw new InputError(
      `--word-vectors: only the compact encoder starts from word vectors; ` +
        `${encoder.name} brings its own embeddings`,
    );
  }

  const meta = await readWordVectorsMeta(dir);
  const place = { file: join(dir, WORD_VECTORS_META) };
  const vocabulary = String(encoder.identity.vocabulary);
  if (meta.vocabulary_sha256 !== vocabulary || meta.tokens !== encoder.tokenizer.vocabSize) {
    throw new InputError(
      `cut for vocabulary ${meta.vocabulary_sha256.slice(0, 12)} (${meta.tokens} tokens), but ` +
        `this compact vocabulary is ${vocabulary.slice(0, 12)} ` +
        `(${encoder.tokenizer.vocabSize} tokens); cut them again with scifact encoding vectors`,
      place,
    );
  }
  if (meta.dimensions > encoder.compact.hidden) {
    throw new InputError(
      `${meta.dimensions} dimensions do not fit the hidden size ${encoder.compact.hidden}`,
      place,
    );
  }

  return {
    file: resolve(dir, WORD_VECTORS_FILE),
    dimensions: meta.dimensions,
    found: meta.found,
    tokens: meta.tokens,
    source: meta.source,
    sha256: meta.sha256,
  };
}
