import { artifactKey } from '@scifact/data';
import { expandGrid, type Configuration } from '../spec/expand.ts';
import type { GridSpec } from '../spec/load.ts';

export type Stage = 'negatives' | 'train' | 'infer' | 'decode';

/** One distinct piece of work; configurations that share settings share the task. */
export interface PlannedTask {
  stage: Stage;
  /** The Nx target name: `<stage>-<key>`. */
  target: string;
  key: string;
  /** Where the stage writes, relative to the workspace root. */
  outDir: string;
  /** Everything the task's result depends on, besides code and upstream files. */
  settings: Record<string, unknown>;
  /** Arguments for `scifact <stage>`. */
  args: string[];
  /** Targets of this project it needs first. */
  dependsOn: string[];
  /** A short human description: what this task is for. */
  describe: string;
}

/** One configuration and the tasks that score it, one decode task per seed. */
export interface PlannedConfiguration extends Configuration {
  runs: Array<{
    seed: number;
    negatives: string;
    train: string;
    infer: string;
    decode: string;
    /** The decode sweep on the validation split, where the grid has one. */
    validationDecode?: string;
  }>;
}

export interface GridPlan {
  spec: GridSpec;
  configurations: PlannedConfiguration[];
  /** Every distinct task, upstream before downstream. */
  tasks: PlannedTask[];
}

export const DATA_DIR = 'data/scifact';

/** Where `train:pretrain` writes the compact encoder pretrained on the corpus. */
export const PRETRAINED_DIRS: Record<string, string> = {
  mlm: 'artifacts/pretrain/compact-mlm',
};

/** Where `encoding:vectors` cuts each word-vector source to the compact vocabulary. */
export const WORD_VECTORS_DIRS: Record<string, string> = {
  'wink-sg-100d': 'artifacts/vectors/wink-sg-100d',
};

/** Works out which tasks a grid needs, sharing every task whose settings coincide. */
export function planGrid(spec: GridSpec): GridPlan {
  const tasks = new Map<string, PlannedTask>();
  const add = (task: PlannedTask) => {
    if (!tasks.has(task.target)) tasks.set(task.target, task);
    return task;
  };

  const configurations = expandGrid(spec).map((configuration) => ({
    ...configuration,
    runs: spec.seeds.map((seed) => {
      const negatives = add(planNegatives(configuration, seed, spec));
      const train = add(planTrain(configuration, seed, negatives));
      const infer = add(planInfer(configuration, spec, train, spec.split));
      const decode = add(planDecode(configuration, spec, infer, spec.split));
      const validation = spec.validation
        ? add(
            planDecode(
              configuration,
              spec,
              add(planInfer(configuration, spec, train, 'validation')),
              'validation',
            ),
          )
        : undefined;
      return {
        seed,
        negatives: negatives.target,
        train: train.target,
        infer: infer.target,
        decode: decode.target,
        validationDecode: validation?.target,
      };
    }),
  }));

  const order: Record<Stage, number> = { negatives: 0, train: 1, infer: 2, decode: 3 };
  const sorted = [...tasks.values()].sort((a, b) => order[a.stage] - order[b.stage]);
  return { spec, configurations, tasks: sorted };
}

function task(
  stage: Stage,
  settings: Record<string, unknown>,
  makeArgs: (outDir: string) => string[],
  dependsOn: string[],
  describe: string,
): PlannedTask {
  const key = artifactKey({ stage, ...settings });
  const outDir = `artifacts/${stage}/${key}`;
  return {
    stage,
    target: `${stage}-${key}`,
    key,
    outDir,
    settings,
    args: makeArgs(outDir),
    dependsOn,
    describe,
  };
}

function planNegatives(configuration: Configuration, seed: number, spec: GridSpec) {
  const { negatives, ratio, cited_negatives, bm25_positive_negatives } = configuration.levels;
  // With a validation split, training never sees its claims.
  const split = spec.validation ? 'fit' : 'train';
  const settings = {
    split,
    strategy: negatives,
    ratio,
    cited_negatives,
    bm25_positive_negatives,
    seed,
    claims_limit: spec.claimsLimit,
  };

  const args = (outDir: string) => [
    '--data',
    DATA_DIR,
    '--split',
    split,
    '--strategy',
    String(negatives),
    '--ratio',
    String(ratio),
    '--seed',
    String(seed),
    ...(cited_negatives ? ['--cited-negatives'] : []),
    ...(Number(bm25_positive_negatives) > 0
      ? ['--bm25-positives-negatives', String(bm25_positive_negatives)]
      : []),
    ...(spec.claimsLimit ? ['--claims-limit', String(spec.claimsLimit)] : []),
    '--out',
    outDir,
  ];
  return task('negatives', settings, args, [], `examples ${negatives} ${ratio} seed ${seed}`);
}

function planTrain(configuration: Configuration, seed: number, negatives: PlannedTask) {
  const levels = configuration.levels;
  const loss = levels.evidence_loss as string;

  // Loss parameters join the key only where the loss reads them, so a BCE model is shared
  // by configurations that differ only in focal settings.
  const lossParameters: Record<string, unknown> =
    loss === 'focal'
      ? { focal_alpha: levels.focal_alpha, focal_gamma: levels.focal_gamma }
      : loss === 'weighted_bce'
        ? { pos_weight: levels.pos_weight }
        : {};
  const vectorsDir = WORD_VECTORS_DIRS[String(levels.word_vectors)];
  // The spec refuses pretraining crossed with word vectors or another encoder (load.ts).
  const pretrainedDir = PRETRAINED_DIRS[String(levels.pretraining)];
  const settings = {
    examples: negatives.key,
    encoder: levels.encoder,
    // Only when used, so that models trained before these factors existed keep their keys.
    ...(pretrainedDir ? { pretraining: levels.pretraining } : {}),
    ...(vectorsDir ? { word_vectors: levels.word_vectors } : {}),
    lexical_features: levels.lexical_features,
    window: levels.window,
    evidence_loss: loss,
    evidence_weight: levels.evidence_weight,
    ...lossParameters,
    epochs: levels.epochs,
    lr: levels.lr,
    batch_size: levels.batch_size,
    seed,
  };

  const args = (outDir: string) => [
    '--examples',
    `${negatives.outDir}/examples.jsonl`,
    '--data',
    DATA_DIR,
    '--encoder',
    pretrainedDir ?? String(levels.encoder),
    '--window',
    String(levels.window),
    ...(levels.lexical_features ? ['--lexical-features'] : []),
    ...(vectorsDir ? ['--word-vectors', vectorsDir] : []),
    '--evidence-loss',
    loss,
    '--evidence-weight',
    String(levels.evidence_weight),
    ...(loss === 'focal'
      ? ['--focal-alpha', String(levels.focal_alpha), '--focal-gamma', String(levels.focal_gamma)]
      : []),
    ...(loss === 'weighted_bce' ? ['--pos-weight', String(levels.pos_weight)] : []),
    '--epochs',
    String(levels.epochs),
    '--lr',
    String(levels.lr),
    '--batch-size',
    String(levels.batch_size),
    '--seed',
    String(seed),
    '--out',
    outDir,
  ];
  const start = vectorsDir
    ? ` from ${levels.word_vectors} vectors`
    : pretrainedDir
      ? ` pretrained (${levels.pretraining})`
      : '';
  const describe = `model ${loss} w${levels.evidence_weight}${start} on ${negatives.describe}`;
  return task('train', settings, args, [negatives.target], describe);
}

function planInfer(
  configuration: Configuration,
  spec: GridSpec,
  train: PlannedTask,
  split: string,
) {
  const candidates = configuration.levels.candidates as string;
  const settings = {
    model: train.key,
    split: split,
    candidates,
    claims_limit: spec.claimsLimit,
  };

  const [kind, k] = candidates.split(':');
  const args = (outDir: string) => [
    '--model',
    train.outDir,
    '--data',
    DATA_DIR,
    '--split',
    split,
    '--candidates',
    kind,
    ...(k ? ['--k', k] : []),
    ...(spec.claimsLimit ? ['--claims-limit', String(spec.claimsLimit)] : []),
    '--out',
    outDir,
  ];
  const describe = `probabilities (${split}, ${candidates}) of ${train.describe}`;
  return task('infer', settings, args, [train.target], describe);
}

function planDecode(
  configuration: Configuration,
  spec: GridSpec,
  infer: PlannedTask,
  split: string,
) {
  const { nei_rule, thresholds } = configuration.levels;
  const settings = {
    probabilities: infer.key,
    rule: nei_rule,
    thresholds,
    select_by: spec.selectBy,
  };

  const args = (outDir: string) => [
    'sweep',
    '--probabilities',
    `${infer.outDir}/probabilities.jsonl`,
    '--data',
    DATA_DIR,
    '--split',
    split,
    '--thresholds',
    (thresholds as number[]).join(','),
    '--nei-rules',
    String(nei_rule),
    '--select',
    spec.selectBy,
    ...(spec.claimsLimit ? ['--claims-limit', String(spec.claimsLimit)] : []),
    '--out',
    `${outDir}/sweep.json`,
  ];
  return task('decode', settings, args, [infer.target], `${nei_rule} sweep of ${infer.describe}`);
}
