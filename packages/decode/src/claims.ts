import { join } from 'node:path';
import { readJsonlAll, SPLITS, InputError, type Claim, type Split } from '@scifact/data';

/** Checks the two fields every split has; evidence is read as released. */
function checkClaim(value: unknown): Claim {
  const claim = value as Partial<Claim> | null;
  if (!claim || !Number.isInteger(claim.id) || typeof claim.claim !== 'string') {
    const received = JSON.stringify(value).slice(0, 80);
    throw new Error(`expected a claim with an integer id and a claim text, received ${received}`);
  }
  return claim as Claim;
}

/** The claims of one split of a data folder (`claims_<split>.jsonl`). */
export async function readClaims(dataDir: string, split: string): Promise<Claim[]> {
  if (!SPLITS.includes(split as Split)) {
    throw new InputError(`unknown split '${split}'; expected one of ${SPLITS.join(', ')}`);
  }
  return readJsonlAll(join(dataDir, `claims_${split}.jsonl`), checkClaim);
}
