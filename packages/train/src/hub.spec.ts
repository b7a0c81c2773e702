import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@scifact/data';
import { startHub, makeTempDir, removeTempDirs } from './fixtures/helpers.ts';
import { fetchHubCheckpoint, isHubId } from './hub.ts';

afterAll(removeTempDirs);

const quiet = createLogger('silent');
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** A served checkpoint folder with vocab.txt (no tokenizer.json) and .bin weights. */
async function servedCheckpoint() {
  const source = await makeTempDir('train-hub-source-');
  const files: Record<string, string> = {};
  for (const [name, text] of [
    ['config.json', '{"vocab_size": 8}'],
    ['vocab.txt', '[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\nb\nc\n'],
    ['pytorch_model.bin', 'weights'],
  ]) {
    files[name] = join(source, name);
    await writeFile(files[name], text);
  }
  const hub = await startHub({ 'org/tiny-bert': files });
  closers.push(hub.close);
  return hub;
}

describe('fetchHubCheckpoint', () => {
  it('downloads the files a BERT folder needs, taking the fallbacks the hub has', async () => {
    const hub = await servedCheckpoint();
    const cacheDir = await makeTempDir('train-hub-cache-');

    const folder = await fetchHubCheckpoint('org/tiny-bert', {
      cacheDir,
      baseUrl: hub.url,
      logger: quiet,
    });

    expect(folder).toBe(join(cacheDir, 'org--tiny-bert'));
    expect((await readdir(folder)).sort()).toEqual([
      'config.json',
      'pytorch_model.bin',
      'vocab.txt',
    ]);
    expect(await readFile(join(folder, 'pytorch_model.bin'), 'utf8')).toBe('weights');
    expect(hub.requests).toEqual(
      [
        'config.json',
        'tokenizer_config.json',
        'tokenizer.json',
        'vocab.txt',
        'model.safetensors',
        'pytorch_model.bin',
      ].map((file) => `/org/tiny-bert/resolve/main/${file}`),
    );
  });

  it('uses the cache the second time without asking the hub', async () => {
    const hub = await servedCheckpoint();
    const cacheDir = await makeTempDir('train-hub-cache-');
    const options = { cacheDir, baseUrl: hub.url, logger: quiet };

    await fetchHubCheckpoint('org/tiny-bert', options);
    const asked = hub.requests.length;
    await fetchHubCheckpoint('org/tiny-bert', options);

    expect(hub.requests.length).toBe(asked);
  });

  it('fails naming the missing files, and leaves no folder in the cache', async () => {
    const hub = await servedCheckpoint();
    const cacheDir = await makeTempDir('train-hub-cache-');

    await expect(
      fetchHubCheckpoint('org/other', { cacheDir, baseUrl: hub.url, logger: quiet }),
    ).rejects.toThrow(
      `hub checkpoint org/other has none of config.json at ${hub.url}/org/other/resolve/main/`,
    );
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('fails fast and says what to do when the hub cannot be reached', async () => {
    const hub = await servedCheckpoint();
    await hub.close();
    closers.pop();
    const cacheDir = await makeTempDir('train-hub-cache-');
    const start = performance.now();

    const fetched = fetchHubCheckpoint('allenai/scibert_scivocab_uncased', {
      cacheDir,
      baseUrl: hub.url,
      logger: quiet,
    });

    await expect(fetched).rejects.toThrow(
      `cannot download ${hub.url}/allenai/scibert_scivocab_uncased/resolve/main/config.json`,
    );
    await expect(fetched).rejects.toThrow('pass --encoder a local checkpoint folder');
    expect(performance.now() - start).toBeLessThan(15_000);
    expect(existsSync(join(cacheDir, 'allenai--scibert_scivocab_uncased'))).toBe(false);
  });

  it('tells hub ids from other names', () => {
    expect(isHubId('allenai/scibert_scivocab_uncased')).toBe(true);
    expect(isHubId('compact')).toBe(false);
    expect(isHubId('../escape/x')).toBe(false);
    expect(isHubId('a/b/c')).toBe(false);
  });
});
