import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, messageOf, VERDICTS, type CorpusDoc, type Logger } from '@scifact/data';
import {
  corpusLexicalStatistics,
  encodeWindows,
  LEXICAL_FEATURES,
  lexicalFeaturizer,
  loadTokenizer,
  type EncodeLimits,
  type SentenceFeaturizer,
} from '@scifact/encoding';
import type { WindowEncoder } from './infer.ts';

/** What infer reads of a train stage's `card.json`; every field is checked before use. */
export interface ModelCardView {
  encoder?: string;
  labels?: string[];
  vocabulary_hash?: string;
  encoding?: { limits?: Partial<EncodeLimits> };
  /** Present when the model takes `sentence_features`: their names, in input order. */
  lexical_features?: { names?: string[] };
}

/** A model folder, ready to run: the ONNX file, its card, and the encoder it was trained with. */
export interface ModelFolder {
  dir: string;
  modelFile: string;
  card?: ModelCardView;
  encode: WindowEncoder;
  /** The tokenizer's [PAD] id, for padding batches. */
  padId: number;
}

async function readCard(dir: string): Promise<ModelCardView | undefined> {
  const file = join(dir, 'card.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as ModelCardView;
  } catch (error) {
    throw new InputError(`not valid JSON (${messageOf(error)})`, { file }, { cause: error });
  }
}

function checkCard(card: ModelCardView, file: string, vocabularyHash: string): void {
  if (card.labels && card.labels.join(',') !== VERDICTS.join(',')) {
    const expected = VERDICTS.join(', ');
    const message = `expected labels ${expected} in this order; the card has ${card.labels}`;
    throw new InputError(message, { file });
  }
  if (card.vocabulary_hash && card.vocabulary_hash !== vocabularyHash) {
    const message =
      `the card's vocabulary_hash ${card.vocabulary_hash.slice(0, 12)} differs from the ` +
      `tokenizer's ${vocabularyHash.slice(0, 12)}: the model would read other token ids`;
    throw new InputError(message, { file });
  }
  const names = card.lexical_features?.names;
  if (card.lexical_features && names?.join(',') !== LEXICAL_FEATURES.join(',')) {
    const message =
      `expected lexical_features.names ${LEXICAL_FEATURES.join(', ')}; the card has ` +
      `${JSON.stringify(names)}: this encoding package computes other features`;
    throw new InputError(message, { file });
  }
}

/**
 * Opens a model folder: `model.onnx`, the tokenizer files beside it, and `card.json` where
 * there is one. Inputs are built by the encoding package with the limits the card records,
 * so inference sees them exactly as training did; a folder without a card (a test or bench
 * model) gets the encoding defaults. A card with `lexical_features` needs the corpus, whose
 * statistics the features are computed over, as in training.
 *
 * @example const model = await loadModelFolder('artifacts/train/3f2a9c1d', logger, corpus);
 */
export async function loadModelFolder(
  dir: string,
  logger: Logger,
  corpus?: ReadonlyMap<number, CorpusDoc>,
): Promise<ModelFolder> {
  const tokenizer = await loadTokenizer(dir);
  const card = await readCard(dir);
  if (card) checkCard(card, join(dir, 'card.json'), tokenizer.vocabularyHash);
  else logger.debug(`infer: ${dir} has no card.json; using the default encoding limits`);

  const limits = card?.encoding?.limits ?? {};
  const features = card?.lexical_features ? featurizerFor(dir, corpus) : undefined;
  return {
    dir,
    modelFile: join(dir, 'model.onnx'),
    card,
    encode: (claim, sentences) => {
      const windows = encodeWindows(tokenizer, claim, sentences, limits);
      if (!features) return windows;
      // Features are relative to the whole abstract, so every window reads the same rows.
      const rows = features(claim, sentences);
      return windows.map((window) => ({
        ...window,
        sentenceFeatures: window.sentenceIndices.map((index) => rows[index]),
      }));
    },
    padId: tokenizer.special.pad,
  };
}

function featurizerFor(
  dir: string,
  corpus: ReadonlyMap<number, CorpusDoc> | undefined,
): SentenceFeaturizer {
  if (!corpus) {
    const message = 'the model reads lexical features, which need the corpus: none was given';
    throw new InputError(message, { file: join(dir, 'card.json') });
  }
  return lexicalFeaturizer(corpusLexicalStatistics(corpus.values()));
}
