import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@scifact/data';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadModelFolder } from './model.ts';

const tinyModelDir = fileURLToPath(new URL('../fixtures/tiny-model', import.meta.url));
const silent = createLogger('silent');
const sentences = Array.from({ length: 6 }, (_, i) => `sentence number ${i} of a test abstract.`);

describe('loadModelFolder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'infer-model-'));
    await cp(tinyModelDir, dir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('encodes with the limits the model card records', async () => {
    const plain = await loadModelFolder(dir, silent);
    await writeFile(
      join(dir, 'card.json'),
      JSON.stringify({ encoder: 'tiny', encoding: { limits: { maxSentences: 2 } } }),
    );
    const carded = await loadModelFolder(dir, silent);

    expect(plain.encode('a claim', sentences)).toHaveLength(1);
    const windows = carded.encode('a claim', sentences);
    expect(windows.map((w) => w.sentenceIndices)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(carded.card?.encoder).toBe('tiny');
  });

  it('refuses a card whose label order is not VERDICTS', async () => {
    const labels = ['CONTRADICT', 'SUPPORT', 'NOT_ENOUGH_INFO'];
    await writeFile(join(dir, 'card.json'), JSON.stringify({ labels }));
    await expect(loadModelFolder(dir, silent)).rejects.toThrow(
      'expected labels SUPPORT, CONTRADICT, NOT_ENOUGH_INFO in this order',
    );
  });

  it('refuses a card whose vocabulary is not the tokenizer beside it', async () => {
    await writeFile(join(dir, 'card.json'), JSON.stringify({ vocabulary_hash: 'f'.repeat(64) }));
    await expect(loadModelFolder(dir, silent)).rejects.toThrow(
      "the card's vocabulary_hash ffffffffffff differs from the tokenizer's",
    );
  });
});
