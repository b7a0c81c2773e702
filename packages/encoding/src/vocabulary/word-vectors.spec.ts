import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCli } from '@scifact/data/testing';
import { run } from '../cli.ts';
import { temporaryDir, writeTinyRelease } from '../fixtures/tiny-release.ts';
import { buildCompactVocabulary, readVocabularyTexts } from './compact.ts';
import {
  checkWinkVectors,
  cutWordVectors,
  readWordVectorsMeta,
  writeWordVectors,
  type WordVectorSource,
} from './word-vectors.ts';

/** Wink's layout: each row is the vector, then its norm and its index. */
const SOURCE: WordVectorSource = {
  name: 'test vectors',
  dimensions: 2,
  vectors: { tumours: [0.5, -1, 1.1, 0], cells: [2, 3, 3.6, 1], die: [-1, 0.25, 1, 2] },
};

describe('cutWordVectors', () => {
  it('gives whole words their vector and leaves pieces, special tokens and misses at zero', () => {
    const tokens = ['[PAD]', '[UNK]', 'tumours', '##ours', 'cells', 'mitochondria', 'die'];
    const cut = cutWordVectors(tokens, SOURCE);

    expect(cut.dimensions).toBe(2);
    expect(cut.found).toEqual([2, 4, 6]);
    expect(cut.words).toBe(4);
    expect([...cut.matrix]).toEqual([0, 0, 0, 0, 0.5, -1, 0, 0, 2, 3, 0, 0, -1, 0.25]);
  });

  it('does not take a word from the object prototype', () => {
    expect(cutWordVectors(['constructor', 'tostring'], SOURCE).found).toEqual([]);
  });
});

describe('checkWinkVectors', () => {
  it('accepts the wink layout', () => {
    expect(checkWinkVectors({ dimensions: 2, vectors: SOURCE.vectors }, 'v.json').dimensions).toBe(
      2,
    );
  });

  it('names the file and the word of a short row', () => {
    const bad = { dimensions: 3, vectors: { cells: [1, 2] } };
    expect(() => checkWinkVectors(bad, 'v.json')).toThrow(
      'v.json: the vector of "cells" is not 3 finite numbers',
    );
  });

  it('rejects a file without dimensions', () => {
    expect(() => checkWinkVectors({ vectors: {} }, 'v.json')).toThrow(
      /v.json: expected a positive/,
    );
  });
});

describe('writeWordVectors', () => {
  it('writes little-endian rows and a description that reads back', async () => {
    const out = join(temporaryDir(), 'vectors');
    const cut = cutWordVectors(['[PAD]', 'cells'], SOURCE);
    const meta = await writeWordVectors(out, cut, { source: 'test', vocabularySha256: 'abc' });

    const bytes = await readFile(join(out, 'vectors.f32'));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(bytes.byteLength).toBe(16);
    expect([0, 4, 8, 12].map((at) => view.getFloat32(at, true))).toEqual([0, 0, 2, 3]);
    expect(await readWordVectorsMeta(out)).toEqual(meta);
    expect(meta).toMatchObject({ tokens: 2, dimensions: 2, found: 1, vocabulary_sha256: 'abc' });
  });

  it('names the file when a folder holds no cut', async () => {
    const empty = temporaryDir();
    await expect(readWordVectorsMeta(empty)).rejects.toThrow(
      new RegExp(`${join(empty, 'vectors.json')}: not a word-vector cut`),
    );
  });
});

describe('scifact encoding vectors', () => {
  it('cuts a source file to the compact vocabulary of a release', async () => {
    const data = await writeTinyRelease();
    const source = join(temporaryDir(), 'vectors.json');
    await writeFile(source, JSON.stringify({ dimensions: 2, vectors: SOURCE.vectors }));
    const out = join(temporaryDir(), 'cut');

    const { stderr, exitCode } = await captureCli(run, [
      'vectors',
      '--data',
      data,
      '--out',
      out,
      '--source',
      source,
    ]);

    expect(exitCode).toBe(0);
    const vocabulary = buildCompactVocabulary(await readVocabularyTexts(data));
    const meta = await readWordVectorsMeta(out);
    expect(meta.vocabulary_sha256).toBe(vocabulary.hash);
    expect(meta.tokens).toBe(vocabulary.tokens.length);
    // Only 'tumours' is frequent enough in the tiny release to be a whole word.
    expect(vocabulary.tokens.filter((t) => Object.hasOwn(SOURCE.vectors, t))).toEqual(['tumours']);
    expect(meta.found).toBe(1);
    expect(stderr).toMatch(/vectors: 1 of \d+ vocabulary words .* have a 2-dimensional vector/);
  });

  it('leaves nothing behind when the source is not JSON', async () => {
    const data = await writeTinyRelease();
    const source = join(temporaryDir(), 'broken.json');
    await writeFile(source, '{"dimensions": 2, "vectors": {');
    const parent = temporaryDir();

    const { stderr, exitCode } = await captureCli(run, [
      'vectors',
      '--data',
      data,
      '--out',
      join(parent, 'cut'),
      '--source',
      source,
    ]);

    expect(exitCode).toBe(2);
    expect(stderr).toContain(`${source}: cannot read word vectors`);
    expect(existsSync(join(parent, 'cut'))).toBe(false);
    expect(await readdir(parent)).toEqual([]);
  });
});
