import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, loadCorpus, readJsonlAll, type ProbabilityRecord } from '@scifact/data';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadModelFolder } from './model.ts';
import { runInfer, type InferSettings } from './run.ts';

const fixture = new URL('../fixtures/tiny-model-features', import.meta.url);
const featuresModelDir = fileURLToPath(fixture);
const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = join(workspaceRoot, '../shared/data/scifact');
const silent = createLogger('silent');

describe('a model that takes sentence_features', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'infer-features-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gets one row of lexical features per sentence of every window', async () => {
    const corpus = await loadCorpus(dataDir);
    const model = await loadModelFolder(featuresModelDir, silent, corpus);
    const doc = [...corpus.values()].find((d) => d.abstract.length > 12)!;

    const windows = model.encode('Aspirin lowers stroke risk', doc.abstract);

    expect(windows.length).toBeGreaterThan(1);
    for (const window of windows) {
      expect(window.sentenceFeatures).toHaveLength(window.sentencePositions.length);
      for (const row of window.sentenceFeatures!) expect(row).toHaveLength(3);
    }
  });

  it('refuses to open without the corpus its features are computed over', async () => {
    await expect(loadModelFolder(featuresModelDir, silent)).rejects.toThrow(
      /card\.json: the model reads lexical features, which need the corpus/,
    );
  });

  it('runs end to end on dev oracle candidates, windows included', async () => {
    const out = join(dir, 'run');
    const settings: InferSettings = {
      modelDir: featuresModelDir,
      dataDir,
      split: 'dev',
      candidates: 'oracle',
      claimsLimit: 12,
      threads: 1,
      out,
    };

    await runInfer(settings, silent);
    const records = await readJsonlAll<ProbabilityRecord>(join(out, 'probabilities.jsonl'));

    expect(records.length).toBeGreaterThanOrEqual(12);
    for (const record of records) {
      expect(record.sentence_probs.every((p) => p >= 0 && p <= 1)).toBe(true);
    }
  });
});
