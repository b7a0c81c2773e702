import { InputError } from '@scifact/data';

/** How much of a claim and its abstract one model input holds. */
export interface EncodeLimits {
  /** Input length, special tokens included (BERT's position table: 512). */
  maxTokens: number;
  /** Sentences per input (the model's evidence head sees at most this many). */
  maxSentences: number;
  /** The claim is cut to this many tokens before anything else. */
  maxClaimTokens: number;
  /** A sentence is cut to this many tokens, so that one long sentence cannot fill an input. */
  maxSentenceTokens: number;
}

export const DEFAULT_LIMITS: Readonly<EncodeLimits> = {
  maxTokens: 512,
  maxSentences: 20,
  maxClaimTokens: 64,
  maxSentenceTokens: 128,
};

/** `[CLS]` and the `[SEP]` after the claim, plus one sentence token and its `[SEP]`. */
const MIN_ROOM_BEYOND_CLAIM = 4;

/**
 * Fills unset limits from `DEFAULT_LIMITS` and checks them: every limit a positive integer,
 * and room for at least one sentence token after the longest claim allowed.
 */
export function resolveLimits(limits: Partial<EncodeLimits> = {}): EncodeLimits {
  const resolved = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries(limits)) {
    if (value === undefined) continue;
    if (!(name in DEFAULT_LIMITS)) {
      const known = Object.keys(DEFAULT_LIMITS).join(', ');
      throw new InputError(`unknown encoding limit "${name}"; expected one of ${known}`);
    }
    if (!Number.isInteger(value) || value < 1) {
      throw new InputError(`encoding limit ${name}: expected a positive integer, got ${value}`);
    }
    resolved[name as keyof EncodeLimits] = value;
  }

  const { maxTokens, maxClaimTokens } = resolved;
  const fewest = maxClaimTokens + MIN_ROOM_BEYOND_CLAIM;
  if (maxTokens < fewest) {
    const least = `maxClaimTokens + ${MIN_ROOM_BEYOND_CLAIM} = ${fewest}`;
    throw new InputError(`encoding limit maxTokens: expected at least ${least}, got ${maxTokens}`);
  }
  return resolved;
}
