import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonlAll, writeJsonl, type Example } from '@scifact/data';
import {
  buildCompactVocabulary,
  cutWordVectors,
  loadTokenizer,
  readVocabularyTexts,
  writeWordVectors,
} from '@scifact/encoding';
import {
  runTrainCli,
  startHub,
  TINY_MODEL_ARGS,
  writeFakePython,
  writeTinyCheckpoint,
  writeTinyRelease,
  makeTempDir,
  removeTempDirs,
} from './fixtures/helpers.ts';

afterAll(removeTempDirs);

let dir: string;
let dataDir: string;
let examples: string;

beforeAll(async () => {
  dir = await makeTempDir('train-cli-');
  ({ dataDir, examples } = await writeTinyRelease(dir));
});

/** The CLI's arguments for a tiny compact run writing to `out`. */
function tinyRun(out: string, ...extra: string[]) {
  return ['--examples', examples, '--data', dataDir, ...TINY_MODEL_ARGS, '--out', out, ...extra];
}

const withoutTimings = (log: string) =>
  log
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .map((record) =>
      Object.fromEntries(
        Object.entries(record).filter(([key]) => !key.endsWith('_s') && key !== 'seconds'),
      ),
    );

describe('scifact train with the compact encoder', () => {
  let out: string;
  let stdout: string;
  let stderr: string;

  beforeAll(async () => {
    out = join(dir, 'compact');
    ({ stdout, stderr } = await runTrainCli(tinyRun(out)));
  });

  it('writes the model, the tokenizer, the card and the log to --out', async () => {
    expect(stderr).not.toMatch(/^error/m);
    expect(stdout).toBe(`${out}\n`);
    expect((await readdir(out)).sort()).toEqual([
      'card.json',
      'log.jsonl',
      'model.onnx',
      'parity.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'trainer_config.json',
    ]);
  });

  it('describes the model in card.json', async () => {
    const card = JSON.parse(await readFile(join(out, 'card.json'), 'utf8'));
    const texts = await readVocabularyTexts(dataDir);

    expect(card.encoder).toBe('compact');
    expect(card.encoder_details).toMatchObject({
      kind: 'compact',
      layers: 1,
      hidden: 32,
      heads: 1,
    });
    expect(card.vocabulary_hash).toBe(buildCompactVocabulary(texts).hash);
    expect(card.labels).toEqual(['SUPPORT', 'CONTRADICT', 'NOT_ENOUGH_INFO']);
    expect(card.config).toMatchObject({ evidence_loss: 'bce', evidence_weight: 2, lr: 5e-4 });
    expect(card.examples.count).toBe((await readJsonlAll(examples)).length);
    expect(card.training).toMatchObject({ event: 'summary', epochs: 1, device: 'cpu' });
    expect(card.torch).toMatch(/^\d/);
    expect(card.parity.max_abs_diff).toBeLessThan(1e-4);
  });

  it('saves the tokenizer it encoded with, loadable by the encoding package', async () => {
    const card = JSON.parse(await readFile(join(out, 'card.json'), 'utf8'));
    const tokenizer = await loadTokenizer(out);

    expect(tokenizer.vocabularyHash).toBe(card.vocabulary_hash);
    expect(tokenizer.special.sep).toBe(3);
  });

  it('logs the trainer JSONL records and shows progress on standard error', async () => {
    const events = withoutTimings(await readFile(join(out, 'log.jsonl'), 'utf8')).map(
      (record) => record.event,
    );

    expect(events[0]).toBe('start');
    expect(events).toContain('step');
    expect(events.slice(-2)).toEqual(['summary', 'export']);
    expect(stderr).toMatch(/train: epoch 1\/1 loss [\d.]+ .* step \d+\/\d+ \(100%\)/);
    expect(stderr).toMatch(/train: ONNX matches PyTorch on 3 batches/);
  });

  it('gives byte-identical model.onnx and log records for the same seed on CPU', async () => {
    const again = join(dir, 'compact-again');
    await runTrainCli(tinyRun(again));

    const [first, second] = await Promise.all(
      [out, again].map((folder) => readFile(join(folder, 'model.onnx'))),
    );
    expect(first.equals(second)).toBe(true);
    const logs = await Promise.all(
      [out, again].map(async (folder) =>
        withoutTimings(await readFile(join(folder, 'log.jsonl'), 'utf8')),
      ),
    );
    expect(logs[0]).toEqual(logs[1]);
  });
});

describe('scifact train from a BERT checkpoint', () => {
  let tokens: string[];

  beforeAll(async () => {
    tokens = buildCompactVocabulary(await readVocabularyTexts(dataDir), { size: 3000 }).tokens;
  });

  it('fine-tunes a local folder with model.safetensors', async () => {
    const checkpoint = await writeTinyCheckpoint(join(dir, 'bert-local'), tokens);
    const out = join(dir, 'from-local');

    const { exitCode, stderr } = await runTrainCli(tinyRun(out, '--encoder', checkpoint));

    expect(exitCode, stderr).toBe(0);
    const card = JSON.parse(await readFile(join(out, 'card.json'), 'utf8'));
    expect(card.encoder).toBe(checkpoint);
    expect(card.config.lr).toBe(2e-5);
    expect(card.encoder_details).toMatchObject({ kind: 'checkpoint', folder: checkpoint });
  });

  it('downloads a hub id into the cache and fine-tunes it', async () => {
    const checkpoint = await writeTinyCheckpoint(
      join(dir, 'bert-hub'),
      tokens,
      'pytorch_model.bin',
    );
    const files = Object.fromEntries(
      (await readdir(checkpoint)).map((name) => [name, join(checkpoint, name)]),
    );
    const hub = await startHub({ 'org/tiny-bert': files });
    const hubCache = join(dir, 'hub-cache');
    const out = join(dir, 'from-hub');
    process.env.SCIFACT_HUB_URL = hub.url;

    try {
      const argv = tinyRun(out, '--encoder', 'org/tiny-bert', '--hub-cache', hubCache);
      const { exitCode, stderr } = await runTrainCli(argv);

      expect(exitCode, stderr).toBe(0);
      expect(stderr).toContain(`train: downloaded org/tiny-bert`);
      expect(existsSync(join(hubCache, 'org--tiny-bert', 'pytorch_model.bin'))).toBe(true);
      const card = JSON.parse(await readFile(join(out, 'card.json'), 'utf8'));
      expect(card.encoder).toBe('org/tiny-bert');
    } finally {
      delete process.env.SCIFACT_HUB_URL;
      await hub.close();
    }
  });

  it('fails clearly on a corrupt checkpoint, naming the file, and writes nothing', async () => {
    const checkpoint = await writeTinyCheckpoint(join(dir, 'bert-corrupt'), tokens);
    const weights = join(checkpoint, 'model.safetensors');
    const bytes = await readFile(weights);
    await writeFile(weights, bytes.subarray(0, bytes.length - 100));
    const out = join(dir, 'from-corrupt');

    const { exitCode, stderr } = await runTrainCli(tinyRun(out, '--encoder', checkpoint));

    expect(exitCode).toBe(2);
    expect(stderr).toContain(`error: train: ${weights}: tensor`);
    expect(stderr).toContain('the file is truncated or corrupt');
    expect(existsSync(out)).toBe(false);
  });
});

describe('scifact train errors', () => {
  it('names the example and line whose evidence does not fit its sentences', async () => {
    const records = await readJsonlAll<Example>(examples);
    records[2] = { ...records[2], evidence: [records[2].sentences.length + 3] };
    const bad = join(dir, 'bad-examples.jsonl');
    await writeJsonl(bad, records);
    const out = join(dir, 'bad-out');

    const { exitCode, stderr } = await runTrainCli([...tinyRun(out), '--examples', bad]);

    expect(exitCode).toBe(2);
    expect(stderr).toContain(`${bad}:3: example "${records[2].id}": evidence sentence`);
    expect(existsSync(out)).toBe(false);
  });

  it('says how to install torch when the interpreter has none', async () => {
    const python = await writeFakePython(join(dir, 'fake-no-torch'), { torch: false });
    const { exitCode, stderr } = await runTrainCli([
      ...tinyRun(join(dir, 'x')),
      '--python',
      python,
    ]);

    expect(exitCode).toBe(2);
    expect(stderr).toContain('has no torch module');
    expect(stderr).toContain('apt-get install -y python3-torch');
  });

  it('reports CUDA out of memory with the batch size and a smaller one, exit code 3', async () => {
    const record = {
      event: 'error',
      kind: 'cuda_oom',
      message: 'CUDA ran out of memory at batch size 4; try batch size 2 (--batch-size 2)',
      batch_size: 4,
      suggested_batch_size: 2,
    };
    const script = `echo '${JSON.stringify(record)}'; exit 3`;
    const python = await writeFakePython(join(dir, 'fake-oom'), { torch: true, script });
    const out = join(dir, 'oom-out');

    const { exitCode, stderr } = await runTrainCli([...tinyRun(out), '--python', python]);

    expect(exitCode).toBe(3);
    expect(stderr).toContain('error: train: CUDA ran out of memory at batch size 4');
    expect(stderr).toContain('(--batch-size 2)');
    expect(existsSync(out)).toBe(false);
  });

  it('leaves nothing at --out when the trainer is stopped part way', async () => {
    const out = join(dir, 'stopped');

    const { exitCode, stderr } = await runTrainCli(tinyRun(out, '--timeout-minutes', '0.01'));

    expect(exitCode).toBe(1);
    expect(stderr).toContain('timed out after 1s and was stopped');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses --device cuda where torch sees no GPU', async () => {
    const { exitCode, stderr } = await runTrainCli(tinyRun(join(dir, 'cuda'), '--device', 'cuda'));

    expect(exitCode).toBe(2);
    expect(stderr).toContain("device 'cuda' was asked for, but torch");
  });

  it('rejects an unknown option and a bad value, naming them', async () => {
    const unknown = await runTrainCli(['--examples', examples, '--learning-rate', '1']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('Unknown arguments: learning-rate');

    const bad = await runTrainCli([...tinyRun(join(dir, 'y')), '--batch-size', '0']);
    expect(bad.stderr).toContain('--batch-size: expected a positive integer, received 0');
  });
});

describe('scifact train from word vectors', () => {
  /** A cut of 8-dimensional vectors for the first 40 whole words of the tiny vocabulary. */
  async function writeCut(out: string, vocabularySha256?: string) {
    const vocabulary = buildCompactVocabulary(await readVocabularyTexts(dataDir));
    const words = vocabulary.tokens.filter((t) => /^[a-z]{3,}$/.test(t)).slice(0, 40);
    const vectors = Object.fromEntries(
      words.map((word, i) => [word, Array.from({ length: 8 }, (_, d) => Math.sin(i + d))]),
    );
    const cut = cutWordVectors(vocabulary.tokens, { name: 'test', dimensions: 8, vectors });
    await writeWordVectors(out, cut, {
      source: 'test',
      vocabularySha256: vocabularySha256 ?? vocabulary.hash,
    });
    return words.length;
  }

  it('starts the word embeddings from the cut, and says so in the card', async () => {
    const vectors = join(dir, 'vectors');
    const words = await writeCut(vectors);
    const out = join(dir, 'from-vectors');

    const { exitCode, stderr } = await runTrainCli(tinyRun(out, '--word-vectors', vectors));

    expect(exitCode, stderr).toBe(0);
    expect(stderr).toContain(`train: ${words} of `);
    const card = JSON.parse(await readFile(join(out, 'card.json'), 'utf8'));
    const trainer = JSON.parse(await readFile(join(out, 'trainer_config.json'), 'utf8'));
    expect(card.word_vectors).toMatchObject({ source: 'test', dimensions: 8, found: words });
    expect(trainer.config).toMatchObject({
      word_vectors: join(vectors, 'vectors.f32'),
      word_vector_dims: 8,
    });
  });

  it('refuses a cut made for another vocabulary, naming its file, and writes nothing', async () => {
    const vectors = join(dir, 'vectors-other');
    await writeCut(vectors, 'f'.repeat(64));
    const out = join(dir, 'other-vocabulary');

    const { exitCode, stderr } = await runTrainCli(tinyRun(out, '--word-vectors', vectors));

    expect(exitCode).toBe(2);
    expect(stderr).toContain(`${join(vectors, 'vectors.json')}: cut for vocabulary ffffffffffff`);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses word vectors for a checkpoint encoder', async () => {
    const texts = await readVocabularyTexts(dataDir);
    const tokens = buildCompactVocabulary(texts, { size: 3000 }).tokens;
    const checkpoint = await writeTinyCheckpoint(join(dir, 'bert-vectors'), tokens);
    const args = ['--encoder', checkpoint, '--word-vectors', join(dir, 'vectors')];

    const { exitCode, stderr } = await runTrainCli(tinyRun(join(dir, 'no'), ...args));

    expect(exitCode).toBe(2);
    expect(stderr).toContain('only the compact encoder starts from word vectors');
  });
});
