import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, writeJsonl } from '@scifact/data';
import { TORCH_PYTHON, makeTempDir, removeTempDirs } from './fixtures/helpers.ts';
import { checkParity } from './parity.ts';
import { runTrainer } from './trainer.ts';

afterAll(removeTempDirs);

/** Random encoded examples: [CLS] claim [SEP] sentences, each closed by [SEP] (id 3). */
function encodedExamples(count: number) {
  let state = 7;
  const next = (n: number) => {
    state = (state * 48271) % 2147483647;
    return state % n;
  };
  return Array.from({ length: count }, (_, index) => {
    const ids = [2, ...Array.from({ length: 3 + next(5) }, () => 5 + next(90)), 3];
    const positions: number[] = [];
    for (let s = 0; s < 1 + next(5); s += 1) {
      ids.push(...Array.from({ length: 2 + next(9) }, () => 5 + next(90)), 3);
      positions.push(ids.length - 1);
    }
    const label = index % 3;
    const evidence = positions.map((_, s) => (label < 2 && s === 0 ? 1 : 0));
    return {
      id: `${index}:1`,
      input_ids: ids,
      sentence_positions: positions,
      evidence_labels: evidence,
      label,
    };
  });
}

describe('ONNX parity', () => {
  let outDir: string;

  beforeAll(async () => {
    const dir = await makeTempDir('train-parity-');
    outDir = join(dir, 'out');
    const encoded = join(dir, 'encoded.jsonl');
    await writeJsonl(encoded, encodedExamples(30));
    const config = {
      encoded,
      out_dir: outDir,
      vocab_size: 100,
      hidden_size: 32,
      num_layers: 2,
      num_heads: 2,
      intermediate_size: 64,
      epochs: 2,
      lr: 1e-3,
      threads: 1,
      parity_cases: 4,
    };
    const configFile = join(dir, 'config.json');
    await writeFile(configFile, JSON.stringify(config));
    await runTrainer(TORCH_PYTHON, configFile, {
      timeoutMs: 120_000,
      threads: 1,
      logger: createLogger('silent'),
    });
  });

  it('onnxruntime-node reproduces PyTorch within 1e-4 over several batch shapes', async () => {
    const parity = await checkParity(join(outDir, 'model.onnx'), join(outDir, 'parity.json'));

    expect(parity.cases).toBe(4);
    expect(parity.maxAbsDiff).toBeLessThan(1e-4);
    expect(new Set(parity.shapes.map((shape) => shape.split('x')[0]))).toEqual(
      new Set(['1', '2', '3', '4']),
    );
    expect(new Set(parity.shapes.map((shape) => shape.split('x')[1])).size).toBeGreaterThan(1);
  });

  it('fails the run when the outputs differ by more than the tolerance', async () => {
    const parity = JSON.parse(await readFile(join(outDir, 'parity.json'), 'utf8'));
    parity.cases[1].outputs.evidence_logits[0][0] += 0.01;
    const tampered = join(outDir, 'parity-tampered.json');
    await writeFile(tampered, JSON.stringify(parity));

    const checked = checkParity(join(outDir, 'model.onnx'), tampered);

    await expect(checked).rejects.toThrow(/ONNX parity failed: evidence_logits of case 1 \(/);
    await expect(checked).rejects.toThrow(/differs from PyTorch by 1\.0\de-2, more than 0\.0001/);
  });
});

describe('ONNX parity with sentence features', () => {
  it('feeds the fourth input and reproduces PyTorch within 1e-4', async () => {
    const dir = await makeTempDir('train-parity-features-');
    const outDir = join(dir, 'out');
    const encoded = join(dir, 'encoded.jsonl');
    const examples = encodedExamples(12).map((example, index) => ({
      ...example,
      sentence_features: example.sentence_positions.map((_, s) => [
        (index + s) % 2,
        0.5,
        1 / (s + 1),
      ]),
    }));
    await writeJsonl(encoded, examples);
    const config = {
      encoded,
      out_dir: outDir,
      vocab_size: 100,
      hidden_size: 32,
      num_layers: 1,
      num_heads: 2,
      intermediate_size: 64,
      epochs: 1,
      lr: 1e-3,
      threads: 1,
      sentence_features: 3,
    };
    const configFile = join(dir, 'config.json');
    await writeFile(configFile, JSON.stringify(config));
    await runTrainer(TORCH_PYTHON, configFile, {
      timeoutMs: 120_000,
      threads: 1,
      logger: createLogger('silent'),
    });

    const parity = await checkParity(join(outDir, 'model.onnx'), join(outDir, 'parity.json'));

    expect(parity.cases).toBe(3);
    expect(parity.maxAbsDiff).toBeLessThan(1e-4);
  });
});
