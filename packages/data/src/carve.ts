import { sha256 } from './hash.ts';
import type { Claim, Split } from './types.ts';
import { loadClaims } from './validate.ts';

/**
 * Two splits carved from train, so that thresholds and configurations can be chosen on claims
 * that neither training nor the reported dev figures see: `validation` holds about a fifth of
 * the train claims, `fit` the rest. Membership depends on the claim id alone, so the carve is
 * the same on every machine and never shifts when other claims change.
 */
export type CarvedSplit = 'fit' | 'validation';
export type AnySplit = Split | CarvedSplit;

export const ANY_SPLITS: readonly AnySplit[] = ['train', 'dev', 'test', 'fit', 'validation'];

/** The share of train claims carved out for validation. */
export const VALIDATION_SHARE = 0.2;

export function isValidationClaim(claimId: number): boolean {
  const bucket = Number.parseInt(sha256(`validation:${claimId}`).slice(0, 8), 16) / 2 ** 32;
  return bucket < VALIDATION_SHARE;
}

/** The split a carved split is cut from: both come from train. */
export function releaseSplitOf(split: AnySplit): Split {
  return split === 'fit' || split === 'validation' ? 'train' : split;
}

/**
 * Loads the claims of any split, carved ones included.
 *
 * @example const validation = await loadSplitClaims('data/scifact', 'validation');
 */
export async function loadSplitClaims(dir: string, split: AnySplit): Promise<Claim[]> {
  const claims = await loadClaims(dir, releaseSplitOf(split));
  if (split === 'fit') return claims.filter((claim) => !isValidationClaim(claim.id));
  if (split === 'validation') return claims.filter((claim) => isValidationClaim(claim.id));
  return claims;
}
