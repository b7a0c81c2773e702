import type { TextTokenizer } from '../tokenizer/text-tokenizer.ts';
import { resolveLimits, type EncodeLimits } from './limits.ts';

/** One model input: `[CLS] claim [SEP] s_a [SEP] … s_b [SEP]`. */
export interface EncodedInput {
  inputIds: number[];
  /** Index in `inputIds` of the `[SEP]` that closes each sentence this input holds. */
  sentencePositions: number[];
  /**
   * Which of the given sentences this input holds, in order: `sentencePositions[k]` closes
   * sentence `sentenceIndices[k]`.
   */
  sentenceIndices: number[];
  /** Sentences (indices into the given ones) cut to the per-sentence cap. */
  truncated: number[];
  /** Whether the claim was cut to `maxClaimTokens`. */
  claimTruncated: boolean;
}

/** An input holding a run of an abstract's sentences, and a list of the ones left out. */
export interface EncodedClaimSentences extends EncodedInput {
  /**
   * Sentences the input does not hold: those before `start`, and those past `maxTokens` or
   * `maxSentences`.
   */
  omitted: number[];
}

/** A claim and sentences tokenized once, shared by the inputs built from them. */
interface Prepared {
  head: number[];
  claimTruncated: boolean;
  sentences: ReadonlyArray<readonly number[]>;
  /** Tokens a sentence keeps at most: the cap, or all the room after the claim. */
  sentenceCap: number;
  sep: number;
  limits: EncodeLimits;
}

/**
 * Encodes a claim and the first sentences of an abstract that fit, as
 * `[CLS] claim [SEP] s1 [SEP] … sk [SEP]`. The claim is cut to `maxClaimTokens` first, and
 * each sentence to `maxSentenceTokens`; sentences past `maxTokens` or `maxSentences` are
 * reported in `omitted`, never dropped silently. `start` begins the input at a later
 * sentence (the ones before it are omitted too).
 *
 * @example encodeClaimSentences(tokenizer, 'IL-6 rises.', ['s0', 's1'], { maxTokens: 256 })
 */
export function encodeClaimSentences(
  tokenizer: TextTokenizer,
  claim: string,
  sentences: readonly string[],
  limits: Partial<EncodeLimits> = {},
  { start = 0 }: { start?: number } = {},
): EncodedClaimSentences {
  if (!Number.isInteger(start) || start < 0 || start > sentences.length) {
    throw new RangeError(`start: expected an integer in [0, ${sentences.length}], got ${start}`);
  }

  const prepared = prepare(tokenizer, claim, sentences, resolveLimits(limits));
  const { input, end } = packInput(prepared, start);
  const before = Array.from({ length: start }, (_, k) => k);
  const after = Array.from({ length: sentences.length - end }, (_, k) => end + k);
  return { ...input, omitted: [...before, ...after] };
}

/**
 * Splits an abstract into windows of consecutive sentences, each a whole model input that
 * fits the limits, together holding every sentence exactly once, in order. A sentence longer
 * than the cap keeps its first tokens (and is listed in `truncated`), so every sentence gets
 * a `[SEP]` and some tokens. An abstract without sentences gives one window holding the
 * claim alone, so the label can still be read.
 *
 * @example encodeWindows(tokenizer, claim, doc.abstract).map((w) => w.sentenceIndices)
 *          // [[0, 1, …, 11], [12, 13]]
 */
export function encodeWindows(
  tokenizer: TextTokenizer,
  claim: string,
  sentences: readonly string[],
  limits: Partial<EncodeLimits> = {},
): EncodedInput[] {
  const prepared = prepare(tokenizer, claim, sentences, resolveLimits(limits));

  const windows: EncodedInput[] = [];
  let start = 0;
  do {
    const { input, end } = packInput(prepared, start);
    windows.push(input);
    start = end;
  } while (start < sentences.length);
  return windows;
}

function prepare(
  tokenizer: TextTokenizer,
  claim: string,
  sentences: readonly string[],
  limits: EncodeLimits,
): Prepared {
  const { cls, sep } = tokenizer.special;
  const claimIds = tokenizer.tokenize(claim);
  const head = [cls, ...claimIds.slice(0, limits.maxClaimTokens), sep];

  return {
    head,
    claimTruncated: claimIds.length > limits.maxClaimTokens,
    sentences: sentences.map((sentence) => tokenizer.tokenize(sentence)),
    sentenceCap: Math.min(limits.maxSentenceTokens, limits.maxTokens - head.length - 1),
    sep,
    limits,
  };
}

/** Packs sentences from `start` on while they fit; the first always does, thanks to the cap. */
function packInput(prepared: Prepared, start: number): { input: EncodedInput; end: number } {
  const { head, sentences, sentenceCap, sep, limits } = prepared;
  const input: EncodedInput = {
    inputIds: [...head],
    sentencePositions: [],
    sentenceIndices: [],
    truncated: [],
    claimTruncated: prepared.claimTruncated,
  };

  let index = start;
  for (; index < sentences.length; index += 1) {
    if (input.sentenceIndices.length >= limits.maxSentences) break;
    const tokens = sentences[index];
    const kept = Math.min(tokens.length, sentenceCap);
    if (input.inputIds.length + kept + 1 > limits.maxTokens) break;

    for (let k = 0; k < kept; k += 1) input.inputIds.push(tokens[k]);
    input.inputIds.push(sep);
    input.sentencePositions.push(input.inputIds.length - 1);
    input.sentenceIndices.push(index);
    if (kept < tokens.length) input.truncated.push(index);
  }
  return { input, end: index };
}
