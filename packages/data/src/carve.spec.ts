import { describe, expect, it } from 'vitest';
import { isValidationClaim, loadSplitClaims, VALIDATION_SHARE } from './carve.ts';
import { sharedReleaseDir } from './layout.ts';

describe('carved splits', () => {
  it('cuts train into fit and validation with no claim in both and none lost', async () => {
    const dir = sharedReleaseDir();
    const train = await loadSplitClaims(dir, 'train');
    const fit = await loadSplitClaims(dir, 'fit');
    const validation = await loadSplitClaims(dir, 'validation');

    expect(fit.length + validation.length).toBe(train.length);
    const fitIds = new Set(fit.map((c) => c.id));
    expect(validation.some((c) => fitIds.has(c.id))).toBe(false);
    expect(validation.length / train.length).toBeGreaterThan(VALIDATION_SHARE - 0.04);
    expect(validation.length / train.length).toBeLessThan(VALIDATION_SHARE + 0.04);
  });

  it('decides membership from the claim id alone', () => {
    const first = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(isValidationClaim);
    const again = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(isValidationClaim);
    expect(again).toEqual(first);
    expect(first.some(Boolean) || [11, 12, 13, 14, 15].some(isValidationClaim)).toBe(true);
  });
});

describe('loadSplitClaims with a limit', () => {
  it('keeps the first claims of the split in file order, carved splits included', async () => {
    const dir = sharedReleaseDir();
    const validation = await loadSplitClaims(dir, 'validation');
    const dev = await loadSplitClaims(dir, 'dev');

    expect(await loadSplitClaims(dir, 'validation', { limit: 5 })).toEqual(validation.slice(0, 5));
    expect(await loadSplitClaims(dir, 'dev', { limit: 40 })).toEqual(dev.slice(0, 40));
    expect(await loadSplitClaims(dir, 'dev', { limit: 1000 })).toEqual(dev);
  });
});
