import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  claimsPath,
  corpusPath,
  InputError,
  readJsonl,
  sha256,
  writeDirAtomic,
} from '@scifact/data';
import {
  BERT_SPECIAL_TOKENS,
  MAX_INPUT_CHARS_PER_WORD,
  bertTokenizerConfig,
  bertTokenizerJson,
  formatVocabTxt,
  type BertSettings,
} from '../tokenizer/bert-json.ts';
import { TextTokenizer } from '../tokenizer/text-tokenizer.ts';
import { learnPieces } from './learn-pieces.ts';

/** The compact encoder reads text as an uncased BERT does. */
export const COMPACT_SETTINGS: BertSettings = {
  lowercase: true,
  stripAccents: null,
  handleChineseChars: true,
};

export const DEFAULT_COMPACT_OPTIONS = {
  /** Target number of tokens; a small corpus may fill fewer. */
  size: 16_000,
  /** At most this share of the room left after characters goes to whole words. */
  wordShare: 0.5,
  /** A whole word needs at least this many occurrences. */
  minWordCount: 3,
  /** A piece needs its pair of symbols seen at least this many times. */
  minPieceCount: 2,
};

export type CompactOptions = typeof DEFAULT_COMPACT_OPTIONS;

export interface CompactVocabulary {
  /** Every token in id order: the lines of `vocab.txt`. */
  tokens: string[];
  /** SHA-256 of `vocab.txt`. */
  hash: string;
  counts: { special: number; characters: number; words: number; pieces: number };
  /** Distinct words in the texts, after normalisation. */
  wordTypes: number;
  /** Word occurrences over 100 characters, which WordPiece turns into `[UNK]` by rule. */
  wordsTooLong: number;
}

/**
 * Builds the compact vocabulary from `texts`: the special tokens ([PAD]=0, [UNK], [CLS],
 * [SEP], [MASK]); every character seen, plain and as a `##` continuation, so that no word of
 * the texts tokenizes to [UNK]; the most frequent whole words; then WordPiece pieces learned
 * by merging frequent pairs, until `size` tokens. Ties are broken by the tokens' text, so
 * the same texts give the same vocabulary, byte for byte.
 *
 * @example buildCompactVocabulary(['IL-6 rises.', 'IL-6 falls.'], { size: 64 }).tokens
 */
export function buildCompactVocabulary(
  texts: Iterable<string>,
  options: Partial<CompactOptions> = {},
): CompactVocabulary {
  const settings = checkOptions({ ...DEFAULT_COMPACT_OPTIONS, ...options });
  const { counts: wordCounts, tooLong } = countWords(texts);

  const characters = new Set<string>();
  for (const word of wordCounts.keys()) for (const character of word) characters.add(character);
  const sortedCharacters = [...characters].sort();
  const alphabet = [...sortedCharacters, ...sortedCharacters.map((c) => `##${c}`)];

  const fixed = [...BERT_SPECIAL_TOKENS, ...alphabet];
  if (fixed.length > settings.size) {
    // The special tokens and every character (plain and ##) must fit, or words go [UNK].
    const special = BERT_SPECIAL_TOKENS.length;
    const least = `${fixed.length} (${special} special, ${alphabet.length} character tokens)`;
    throw new InputError(
      `compact vocabulary option size: expected at least ${least}, got ${settings.size}`,
    );
  }

  const byFrequency = [...wordCounts].sort(
    ([wordA, countA], [wordB, countB]) => countB - countA || compareText(wordA, wordB),
  );
  const taken = new Set(fixed);
  const wordRoom = Math.floor(settings.wordShare * (settings.size - fixed.length));
  const words: string[] = [];
  for (const [word, count] of byFrequency) {
    if (words.length >= wordRoom || count < settings.minWordCount) break;
    if (taken.has(word)) continue;
    words.push(word);
    taken.add(word);
  }

  const rest = byFrequency.filter(([word]) => !taken.has(word));
  const pieces = learnPieces(rest, {
    budget: settings.size - fixed.length - words.length,
    minCount: settings.minPieceCount,
    taken,
  });

  const tokens = [...fixed, ...words, ...pieces];
  return {
    tokens,
    hash: sha256(formatVocabTxt(tokens)),
    counts: {
      special: BERT_SPECIAL_TOKENS.length,
      characters: alphabet.length,
      words: words.length,
      pieces: pieces.length,
    },
    wordTypes: wordCounts.size,
    wordsTooLong: tooLong,
  };
}

/** The compact tokenizer of a vocabulary, in memory. */
export function compactTokenizer(tokens: readonly string[], source?: string): TextTokenizer {
  return new TextTokenizer(
    bertTokenizerJson(tokens, COMPACT_SETTINGS),
    bertTokenizerConfig(COMPACT_SETTINGS),
    source,
  );
}

/**
 * The texts the compact vocabulary learns from: titles and sentences of the corpus, and the
 * training claims. Dev and test claims stay out, so the [UNK] rate on them is honest.
 */
export async function readVocabularyTexts(dataDir: string): Promise<string[]> {
  const texts: string[] = [];
  for await (const doc of readJsonl(corpusPath(dataDir), checkDoc)) {
    texts.push(doc.title, ...doc.abstract);
  }
  for await (const claim of readJsonl(claimsPath(dataDir, 'train'), checkClaim)) {
    texts.push(claim.claim);
  }
  return texts;
}

/**
 * Builds the compact vocabulary from the SciFact release in `dataDir` and writes the
 * tokenizer folder `outDir` (vocab.txt, tokenizer.json, tokenizer_config.json) atomically.
 */
export async function writeCompactTokenizer(
  outDir: string,
  dataDir: string,
  options: Partial<CompactOptions> = {},
): Promise<CompactVocabulary> {
  const vocabulary = buildCompactVocabulary(await readVocabularyTexts(dataDir), options);

  // The folder appears whole or not at all, so its files need no atomic writes of their own.
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const config = { ...bertTokenizerConfig(COMPACT_SETTINGS), vocabulary_hash: vocabulary.hash };
  await writeDirAtomic(outDir, async (dir) => {
    await writeFile(join(dir, 'vocab.txt'), formatVocabTxt(vocabulary.tokens));
    await writeFile(
      join(dir, 'tokenizer.json'),
      json(bertTokenizerJson(vocabulary.tokens, COMPACT_SETTINGS)),
    );
    await writeFile(join(dir, 'tokenizer_config.json'), json(config));
  });
  return vocabulary;
}

/** Word occurrences of `texts` as the compact tokenizer sees them. */
function countWords(texts: Iterable<string>) {
  const splitter = compactTokenizer(BERT_SPECIAL_TOKENS);
  const counts = new Map<string, number>();
  let tooLong = 0;
  for (const text of texts) {
    for (const word of splitter.words(text)) {
      if (word.length > MAX_INPUT_CHARS_PER_WORD && [...word].length > MAX_INPUT_CHARS_PER_WORD) {
        tooLong += 1;
        continue;
      }
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return { counts, tooLong };
}

/** Code-unit order: unlike `localeCompare`, the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkOptions(options: CompactOptions): CompactOptions {
  const fail = (name: string, expected: string, value: unknown) => {
    throw new InputError(`compact vocabulary option ${name}: expected ${expected}, got ${value}`);
  };
  const { size, wordShare, minWordCount, minPieceCount } = options;
  if (!Number.isInteger(size) || size < 1) fail('size', 'a positive integer', size);
  if (!(wordShare >= 0 && wordShare <= 1)) fail('wordShare', 'a number in [0, 1]', wordShare);
  if (!Number.isInteger(minWordCount) || minWordCount < 1) {
    fail('minWordCount', 'a positive integer', minWordCount);
  }
  if (!Number.isInteger(minPieceCount) || minPieceCount < 1) {
    fail('minPieceCount', 'a positive integer', minPieceCount);
  }
  return options;
}

function checkDoc(value: unknown): { title: string; abstract: string[] } {
  const doc = value as { title?: unknown; abstract?: unknown };
  const abstract = doc?.abstract;
  const sentencesOk = Array.isArray(abstract) && abstract.every((s) => typeof s === 'string');
  if (typeof doc?.title !== 'string' || !sentencesOk) {
    throw new Error('expected a corpus record with "title" (a string) and "abstract" (strings)');
  }
  return doc as { title: string; abstract: string[] };
}

function checkClaim(value: unknown): { claim: string } {
  const claim = value as { claim?: unknown };
  if (typeof claim?.claim !== 'string') throw new Error('expected a claim with "claim" (string)');
  return claim as { claim: string };
}
