import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, messageOf, writeJsonAtomic } from '@scifact/data';
import { readJsonIfPresent } from './files.ts';

/** The special tokens of a BERT vocabulary, in the order the compact vocabulary gives them ids. */
export const BERT_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** Google's BERT gives up on a word longer than this many characters and emits `[UNK]`. */
export const MAX_INPUT_CHARS_PER_WORD = 100;

/** How a BERT checkpoint normalises text before WordPiece. */
export interface BertSettings {
  lowercase: boolean;
  /** `null` follows `lowercase`, as in Hugging Face's BertNormalizer. */
  stripAccents: boolean | null;
  /** Puts spaces around CJK characters, so each becomes a word of its own. */
  handleChineseChars: boolean;
}

/** The fields of a Hugging Face `tokenizer.json` this package writes and reads. */
export interface TokenizerJson {
  version: string;
  truncation: null;
  padding: null;
  added_tokens: AddedTokenJson[];
  normalizer: Record<string, unknown> | null;
  pre_tokenizer: Record<string, unknown> | null;
  post_processor: Record<string, unknown> | null;
  decoder: Record<string, unknown> | null;
  model: { type: string; vocab: Record<string, number> | unknown; [key: string]: unknown };
}

interface AddedTokenJson {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

/**
 * Reads a BERT `vocab.txt`: one token per line, the line number (from 0) being its id. Like
 * Hugging Face's loader, a repeated token keeps its last id.
 */
export async function readVocabTxt(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the vocabulary: ${messageOf(error)}`, { file }, {
      cause: error,
    });
  }

  const tokens = text.split('\n');
  if (tokens[tokens.length - 1] === '') tokens.pop();
  if (tokens.length === 0) throw new InputError('the vocabulary is empty', { file });
  return tokens;
}

/** The text of a `vocab.txt` for `tokens`: one per line, each line ending in a newline. */
export function formatVocabTxt(tokens: readonly string[]): string {
  return tokens.map((token) => `${token}\n`).join('');
}

/**
 * The Hugging Face `tokenizer.json` of a BERT WordPiece vocabulary: BertNormalizer,
 * BertPreTokenizer, WordPiece with `##` continuations and `[UNK]` for words over 100
 * characters, and the `[CLS] A [SEP]` / `[CLS] A [SEP] B [SEP]` templates.
 */
export function bertTokenizerJson(
  tokens: readonly string[],
  settings: BertSettings,
): TokenizerJson {
  // No prototype, so that a token such as `__proto__` is an ordinary key.
  const vocab: Record<string, number> = Object.create(null);
  tokens.forEach((token, id) => {
    vocab[token] = id;
  });

  const missing = ['[UNK]', '[CLS]', '[SEP]'].filter((token) => !(token in vocab));
  if (missing.length > 0) {
    throw new InputError(
      `a BERT vocabulary needs ${missing.join(', ')}; it has ${tokens.length} tokens without them`,
    );
  }

  const specialToken = (content: string) => ({
    id: content,
    ids: [vocab[content]],
    tokens: [content],
  });

  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: BERT_SPECIAL_TOKENS.filter((token) => token in vocab).map((content) => ({
      id: vocab[content],
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: settings.handleChineseChars,
      strip_accents: settings.stripAccents,
      lowercase: settings.lowercase,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': specialToken('[CLS]'), '[SEP]': specialToken('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: MAX_INPUT_CHARS_PER_WORD,
      vocab,
    },
  };
}

/** The `tokenizer_config.json` Transformers.js and Hugging Face read beside a BERT tokenizer. */
export function bertTokenizerConfig(settings: BertSettings, modelMaxLength = 512) {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: settings.lowercase,
    strip_accents: settings.stripAccents,
    tokenize_chinese_chars: settings.handleChineseChars,
    model_max_length: modelMaxLength,
    clean_up_tokenization_spaces: true,
    unk_token: '[UNK]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    cls_token: '[CLS]',
    mask_token: '[MASK]',
  };
}

/**
 * Decides how a checkpoint normalises text: `do_lower_case` (and `strip_accents`,
 * `tokenize_chinese_chars`) from its `tokenizer_config.json`, else from its `config.json`,
 * else lowercase unless the folder's name says "cased" without "uncased". BERT's own default
 * is to lowercase.
 */
export async function readBertSettings(checkpointDir: string): Promise<BertSettings> {
  const tokenizerConfig = await readJsonIfPresent(join(checkpointDir, 'tokenizer_config.json'));
  const modelConfig = await readJsonIfPresent(join(checkpointDir, 'config.json'));
  const declared = (key: string): unknown => tokenizerConfig?.[key] ?? modelConfig?.[key];

  const lowercaseDeclared = declared('do_lower_case');
  const lowercase =
    typeof lowercaseDeclared === 'boolean' ? lowercaseDeclared : lowercaseByName(checkpointDir);
  const stripAccents = declared('strip_accents');
  const chinese = declared('tokenize_chinese_chars');

  return {
    lowercase,
    stripAccents: typeof stripAccents === 'boolean' ? stripAccents : null,
    handleChineseChars: typeof chinese === 'boolean' ? chinese : true,
  };
}

function lowercaseByName(checkpointDir: string): boolean {
  const name = basename(checkpointDir).toLowerCase();
  return name.includes('uncased') || !name.includes('cased');
}

/**
 * Writes `tokenizer.json` and `tokenizer_config.json` for a checkpoint that ships only
 * `vocab.txt` (SciBERT does). `lowercase`, when not given, is read from the checkpoint's
 * configuration beside `vocab.txt`, then guessed from its folder name.
 *
 * @example await writeBertTokenizerJson('scibert/vocab.txt', 'out/tokenizer', {})
 */
export async function writeBertTokenizerJson(
  vocabTxtPath: string,
  outDir: string,
  options: { lowercase?: boolean } = {},
): Promise<BertSettings> {
  const tokens = await readVocabTxt(vocabTxtPath);
  const found = await readBertSettings(dirname(vocabTxtPath));
  const settings = { ...found, lowercase: options.lowercase ?? found.lowercase };

  let json: TokenizerJson;
  try {
    json = bertTokenizerJson(tokens, settings);
  } catch (error) {
    throw new InputError(messageOf(error), { file: vocabTxtPath }, { cause: error });
  }

  await writeJsonAtomic(join(outDir, 'tokenizer.json'), json);
  await writeJsonAtomic(join(outDir, 'tokenizer_config.json'), bertTokenizerConfig(settings));
  return settings;
}
