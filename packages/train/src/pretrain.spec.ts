import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureCli } from '@scifact/data/testing';
import { loadCorpus } from '@scifact/data';
import { compactTokenizer, buildCompactVocabulary, readVocabularyTexts } from '@scifact/encoding';
import {
  makeTempDir,
  removeTempDirs,
  runTrainCli,
  TINY_MODEL_ARGS,
  TORCH_PYTHON,
  writeTinyRelease,
} from './fixtures/helpers.ts';
import { corpusSequences } from './pretrain.ts';
import { run } from './pretrain-cli.ts';

afterAll(removeTempDirs);

let dir: string;
let dataDir: string;
let examples: string;

beforeAll(async () => {
  dir = await makeTempDir('pretrain-');
  ({ dataDir, examples } = await writeTinyRelease(dir));
});

const TINY_PRETRAINING = [
  '--layers',
  '1',
  '--hidden',
  '32',
  '--epochs',
  '2',
  '--batch-size',
  '8',
  '--max-tokens',
  '96',
  '--threads',
  '1',
  '--python',
  TORCH_PYTHON,
];

describe('corpusSequences', () => {
  it('puts every sentence of every abstract in one sequence, after the title', async () => {
    const corpus = [...(await loadCorpus(dataDir)).values()];
    const vocabulary = buildCompactVocabulary(await readVocabularyTexts(dataDir));
    const tokenizer = compactTokenizer(vocabulary.tokens);

    const sequences = corpusSequences(corpus, tokenizer, 96);

    const { cls, sep } = tokenizer.special;
    const sentences = corpus.reduce((sum, doc) => sum + doc.abstract.length, 0);
    const separators = sequences.flat().filter((id) => id === sep).length;
    expect(separators - sequences.length).toBe(sentences);
    expect(sequences.every((ids) => ids[0] === cls && ids.length <= 96)).toBe(true);
    expect(sequences.length).toBeGreaterThan(corpus.length);
  });
});

describe('scifact pretrain', () => {
  let out: string;
  let stderr: string;
  let exitCode: number;

  beforeAll(async () => {
    out = join(dir, 'pretrained');
    ({ stderr, exitCode } = await captureCli(run, [
      '--data',
      dataDir,
      '--out',
      out,
      ...TINY_PRETRAINING,
    ]));
  });

  it('writes a BERT checkpoint with the compact tokenizer and its record', async () => {
    expect(exitCode, stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'config.json',
      'log.jsonl',
      'model.safetensors',
      'pretraining.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const card = JSON.parse(await readFile(join(out, 'pretraining.json'), 'utf8'));
    expect(card.objective).toBe('masked language modelling');
    expect(card.summary.epochs).toBe(2);
    expect(stderr).toMatch(/pretrain: \d+ sequences of up to 96 tokens/);
  });

  it('learns to fill in masked words: the loss falls', async () => {
    const records = (await readFile(join(out, 'log.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const epochs = records.filter((r) => r.event === 'epoch');

    expect(epochs).toHaveLength(2);
    expect(epochs[1].loss).toBeLessThan(epochs[0].loss);
  });

  it('gives byte-identical weights for the same seed on CPU', async () => {
    const again = join(dir, 'pretrained-again');
    await captureCli(run, ['--data', dataDir, '--out', again, ...TINY_PRETRAINING]);

    const weights = (folder: string) => readFile(join(folder, 'model.safetensors'));
    expect((await weights(again)).equals(await weights(out))).toBe(true);
  });

  it('is fine-tuned by scifact train as a checkpoint encoder', async () => {
    const model = join(dir, 'fine-tuned');
    const trainArgs = ['--examples', examples, '--data', dataDir, ...TINY_MODEL_ARGS];
    const tuned = await runTrainCli([...trainArgs, '--encoder', out, '--out', model]);

    expect(tuned.exitCode, tuned.stderr).toBe(0);
    const card = JSON.parse(await readFile(join(model, 'card.json'), 'utf8'));
    expect(card.encoder_details).toMatchObject({ kind: 'checkpoint', folder: out });
  });

  it('rejects a mask probability outside (0, 1) and writes nothing', async () => {
    const bad = join(dir, 'bad');
    const result = await captureCli(run, [
      '--data',
      dataDir,
      '--out',
      bad,
      '--mask-probability',
      '1.5',
    ]);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--mask-probability: expected a number in (0, 1)');
    expect(existsSync(bad)).toBe(false);
  });
});
