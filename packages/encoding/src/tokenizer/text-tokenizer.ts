import { PreTrainedTokenizer } from '@huggingface/transformers';
import { InputError, messageOf, sha256 } from '@scifact/data';
import { formatVocabTxt, type TokenizerJson } from './bert-json.ts';

/** Ids of the special tokens the encoder places around the claim and sentences. */
export interface SpecialTokenIds {
  pad: number;
  unk: number;
  cls: number;
  sep: number;
  mask?: number;
}

/**
 * For each special token: its key in `tokenizer_config.json`, then the tokens to try when
 * the config names none (BERT's, then RoBERTa's).
 */
const SPECIAL_TOKEN_CANDIDATES = {
  pad: ['pad_token', '[PAD]', '<pad>'],
  unk: ['unk_token', '[UNK]', '<unk>'],
  cls: ['cls_token', '[CLS]', '<s>'],
  sep: ['sep_token', '[SEP]', '</s>'],
  mask: ['mask_token', '[MASK]', '<mask>'],
} as const;

/** Past this many cached texts the cache starts over, so memory stays bounded. */
const MAX_CACHED_TEXTS = 500_000;

/**
 * A Transformers.js tokenizer with what claim + sentences encoding needs: token ids without
 * special tokens (cached per text, since abstracts recur across examples), the special ids,
 * the vocabulary size and a hash of the vocabulary.
 */
export class TextTokenizer {
  /** The Transformers.js tokenizer underneath. */
  readonly transformers: PreTrainedTokenizer;
  readonly special: SpecialTokenIds;
  /** One more than the largest token id: the rows a model's embedding needs. */
  readonly vocabSize: number;
  /**
   * SHA-256 of the vocabulary in id order, one token per line: for a WordPiece tokenizer,
   * the hash of its `vocab.txt`.
   */
  readonly vocabularyHash: string;
  private readonly cache = new Map<string, readonly number[]>();

  constructor(
    readonly json: TokenizerJson,
    readonly config: Record<string, unknown>,
    /** Where it came from, for messages: a folder, or `(memory)`. */
    readonly source = '(memory)',
  ) {
    try {
      this.transformers = new PreTrainedTokenizer(json, config);
    } catch (error) {
      throw new InputError(`not a usable tokenizer (${messageOf(error)})`, { file: source }, {
        cause: error,
      });
    }

    const vocabulary = this.vocabulary();
    this.vocabSize = vocabulary.length;
    this.vocabularyHash = sha256(formatVocabTxt(vocabulary));
    this.special = this.findSpecialIds();
  }

  /**
   * The ids of `text` without special tokens.
   *
   * @example tokenizer.tokenize('IL-6 levels') // [ids of "il", "-", "6", "levels"]
   */
  tokenize(text: string): readonly number[] {
    const cached = this.cache.get(text);
    if (cached) return cached;

    const ids = this.transformers._tokenizer.encode(text, { add_special_tokens: false }).ids;
    if (this.cache.size >= MAX_CACHED_TEXTS) this.cache.clear();
    this.cache.set(text, ids);
    return ids;
  }

  /** The token strings of `text`, for reading and debugging; not cached. */
  tokenStrings(text: string): string[] {
    return this.transformers._tokenizer.tokenize(text, { add_special_tokens: false });
  }

  /** The words WordPiece sees: the text normalised and pre-tokenised, as the tokenizer does. */
  words(text: string): string[] {
    const tokenizer = this.transformers._tokenizer;
    const normalized = tokenizer.normalizer ? tokenizer.normalizer.normalize(text) : text;
    if (!tokenizer.pre_tokenizer) return [normalized];
    return tokenizer.pre_tokenizer.pre_tokenize(normalized);
  }

  idToToken(id: number): string | undefined {
    return this.transformers._tokenizer.id_to_token(id);
  }

  tokenToId(token: string): number | undefined {
    return this.transformers._tokenizer.token_to_id(token);
  }

  /** Every token in id order; an id no token has reads as the empty string. */
  vocabulary(): string[] {
    const byToken = this.transformers._tokenizer.get_vocab(true);
    let size = 0;
    for (const id of byToken.values()) size = Math.max(size, id + 1);

    const tokens = new Array<string>(size).fill('');
    for (const [token, id] of byToken) tokens[id] = token;
    return tokens;
  }

  private findSpecialIds(): SpecialTokenIds {
    const found: Partial<Record<keyof SpecialTokenIds, number>> = {};
    for (const [role, candidates] of Object.entries(SPECIAL_TOKEN_CANDIDATES)) {
      const [configKey, ...defaults] = candidates;
      const named = tokenFromConfig(this.config[configKey]);
      const tokens = named === undefined ? defaults : [named];
      const id = tokens.map((token) => this.tokenToId(token)).find((x) => x !== undefined);
      if (id !== undefined) found[role as keyof SpecialTokenIds] = id;
    }

    const missing = (['pad', 'unk', 'cls', 'sep'] as const).filter((r) => found[r] === undefined);
    if (missing.length > 0) {
      const wanted = missing.map((role) => SPECIAL_TOKEN_CANDIDATES[role].slice(1).join(' or '));
      throw new InputError(`the vocabulary lacks special tokens: ${wanted.join(', ')}`, {
        file: this.source,
      });
    }
    return found as SpecialTokenIds;
  }
}

/** A config names a special token as a string or as `{"content": ...}` (an AddedToken). */
function tokenFromConfig(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'content' in value) {
    const content = (value as { content: unknown }).content;
    return typeof content === 'string' ? content : undefined;
  }
  return undefined;
}
