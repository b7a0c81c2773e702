import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGridSpec, parseGridSpec } from '../spec/load.ts';
import { planGrid } from './plan.ts';

const gridsDir = join(import.meta.dirname, '../../grids');
const countStage = (plan: ReturnType<typeof planGrid>, stage: string) =>
  plan.tasks.filter((t) => t.stage === stage).length;

describe('planGrid', () => {
  it('trains 8 models for the 16 configurations of the focused grid', async () => {
    const plan = planGrid(await loadGridSpec(join(gridsDir, 'focused.json')));

    expect(plan.configurations).toHaveLength(16);
    expect(countStage(plan, 'negatives')).toBe(2);
    expect(countStage(plan, 'train')).toBe(8);
    // Each model is run once on dev and once on validation, and decoded under each rule.
    expect(countStage(plan, 'infer')).toBe(16);
    expect(countStage(plan, 'decode')).toBe(32);
  });

  it('trains 54 models for the 108 configurations of the full grid', async () => {
    const plan = planGrid(await loadGridSpec(join(gridsDir, 'full.json')));

    expect(plan.configurations).toHaveLength(108);
    expect(countStage(plan, 'negatives')).toBe(6);
    expect(countStage(plan, 'train')).toBe(54);
  });

  it('keeps the smoke grid at 2 configurations and one small model', async () => {
    const plan = planGrid(await loadGridSpec(join(gridsDir, 'smoke.json')));

    expect(plan.configurations).toHaveLength(2);
    expect(countStage(plan, 'train')).toBe(1);
    const train = plan.tasks.find((t) => t.stage === 'train');
    expect(train?.args.join(' ')).toContain('--epochs 4');
    expect(plan.spec.claimsLimit).toBe(80);
  });

  it('gives a task the same key in every grid that shares its settings', async () => {
    const focused = planGrid(await loadGridSpec(join(gridsDir, 'focused.json')));
    const full = planGrid(await loadGridSpec(join(gridsDir, 'full.json')));
    const fullTargets = new Set(full.tasks.map((t) => t.target));

    const shared = focused.tasks.filter((t) => fullTargets.has(t.target));
    expect(shared.map((t) => t.stage).filter((s) => s === 'train')).toHaveLength(8);
  });

  it('keeps focal settings out of the key of a BCE model', () => {
    const spec = parseGridSpec(
      JSON.stringify({ name: 'x', factors: { focal_gamma: [1, 2], evidence_loss: ['bce'] } }),
      'x.json',
    );
    expect(countStage(planGrid(spec), 'train')).toBe(1);
  });

  it('trains on fit and scores validation, unless the grid turns validation off', () => {
    const withValidation = planGrid(parseGridSpec(JSON.stringify({ name: 'x' }), 'x.json'));
    const without = planGrid(
      parseGridSpec(JSON.stringify({ name: 'x', validation: false }), 'x.json'),
    );

    const [run] = withValidation.configurations[0].runs;
    const negatives = withValidation.tasks.find((t) => t.target === run.negatives);
    expect(negatives?.args.join(' ')).toContain('--split fit');
    const validation = withValidation.tasks.find((t) => t.target === run.validationDecode);
    expect(validation?.args.join(' ')).toContain('--split validation');
    expect(without.configurations[0].runs[0].validationDecode).toBeUndefined();
    expect(without.tasks.find((t) => t.stage === 'negatives')?.args).toContain('train');
  });

  it('makes one model per seed and chains every task to its upstream', () => {
    const spec = parseGridSpec(JSON.stringify({ name: 'x', seeds: [1, 2] }), 'x.json');
    const plan = planGrid(spec);

    expect(countStage(plan, 'train')).toBe(2);
    const [run] = plan.configurations[0].runs;
    const byTarget = new Map(plan.tasks.map((t) => [t.target, t]));
    expect(byTarget.get(run.decode)?.dependsOn).toEqual([run.infer]);
    expect(byTarget.get(run.infer)?.dependsOn).toEqual([run.train]);
    expect(byTarget.get(run.train)?.dependsOn).toEqual([run.negatives]);
    expect(byTarget.get(run.train)?.args).toContain(
      `${byTarget.get(run.negatives)?.outDir}/examples.jsonl`,
    );
  });

  it('starts models from word vectors only where asked; the other models keep their keys', () => {
    const plain = planGrid(parseGridSpec(JSON.stringify({ name: 'x' }), 'x.json'));
    const both = planGrid(
      parseGridSpec(
        JSON.stringify({ name: 'y', factors: { word_vectors: ['none', 'wink-sg-100d'] } }),
        'y.json',
      ),
    );

    const [random, vectors] = both.tasks.filter((t) => t.stage === 'train');
    expect(random.target).toBe(plain.tasks.find((t) => t.stage === 'train')?.target);
    expect(random.args).not.toContain('--word-vectors');
    expect(vectors.args.join(' ')).toContain('--word-vectors artifacts/vectors/wink-sg-100d');
    expect(vectors.settings.word_vectors).toBe('wink-sg-100d');
  });

  it('fine-tunes the pretrained encoder where asked; a spec crossing it with vectors fails', () => {
    const spec = (factors: object) =>
      parseGridSpec(JSON.stringify({ name: 'x', factors }), 'x.json');

    const plan = planGrid(spec({ pretraining: ['mlm'] }));
    const train = plan.tasks.find((t) => t.stage === 'train');
    expect(train?.args.join(' ')).toContain('--encoder artifacts/pretrain/compact-mlm');
    expect(train?.settings.pretraining).toBe('mlm');

    expect(() => spec({ pretraining: ['none', 'mlm'], word_vectors: ['wink-sg-100d'] })).toThrow(
      /^x\.json: factor 'pretraining' .* cannot be crossed with "wink-sg-100d"/,
    );
    expect(() => spec({ pretraining: ['mlm'], encoder: ['/models/scibert'] })).toThrow(
      /cannot be crossed with "\/models\/scibert" \(word_vectors or encoder\)/,
    );
  });
});
