import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from './fixtures/support.ts';
import { artifactKey, canonicalJson, sha256, sha256File } from './hash.ts';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    const value = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } };
    expect(canonicalJson(value)).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('drops undefined fields, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });
});

describe('sha256', () => {
  it('matches the standard test vector', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives a file the hash of its bytes', async () => {
    const { dir, remove } = await makeTempDir();
    const file = join(dir, 'a.txt');
    await writeFile(file, 'abc');

    expect(await sha256File(file)).toBe(sha256('abc'));
    await remove();
  });
});

describe('artifactKey', () => {
  it('is 16 hex digits that ignore key order and follow every value', () => {
    const key = artifactKey({ stage: 'negatives', ratio: 0.3, seed: 42 });

    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(artifactKey({ seed: 42, ratio: 0.3, stage: 'negatives' })).toBe(key);
    expect(artifactKey({ stage: 'negatives', ratio: 0.3, seed: 43 })).not.toBe(key);
  });
});
