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

/** The splits whose claims carry labels: all but test, whose labels are hidden. */
export const LABELLED_SPLITS: readonly AnySplit[] = ['train', 'dev', 'fit', 'validation'];

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

export interface SplitClaimsOptions {
  /**
   * Keep only the first `limit` claims of the split, in file order: what every stage's
   * `--claims-limit` means, so that infer and decode of one smoke run see the same claims.
   */
  limit?: number;
}

/**
 * Loads the claims of any split, carved ones included, in the order of the release file.
 *
 * @example const validation = await loadSplitClaims('data/scifact', 'validation');
 * @example const smoke = await loadSplitClaims('data/scifact', 'dev', { limit: 40 });
 */
export async function loadSplitClaims(
  dir: string,
  split: AnySplit,
  options: SplitClaimsOptions = {},
): Promise<Claim[]> {
  const released = await loadClaims(dir, releaseSplitOf(split));

  let claims = released;
  if (split === 'fit') claims = released.filter((claim) => !isValidationClaim(claim.id));
  if (split === 'validation') claims = released.filter((claim) => isValidationClaim(claim.id));

  return options.limit === undefined ? claims : claims.slice(0, options.limit);
}
