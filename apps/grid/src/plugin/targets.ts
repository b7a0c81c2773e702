import type { TargetConfiguration } from '@nx/devkit';
import type { GridPlan, PlannedTask, Stage } from '../plan/plan.ts';

const CLI = 'node tools/cli/scifact.mjs';

/** The packages whose code each stage runs; a change elsewhere leaves its cache alone. */
const STAGE_PROJECTS: Record<Stage, string[]> = {
  negatives: ['negatives', 'retrieval', 'data', 'cli'],
  train: ['train', 'encoding', 'data', 'cli'],
  infer: ['infer', 'encoding', 'retrieval', 'data', 'cli'],
  decode: ['decode', 'score', 'data', 'cli'],
};

const DATA_TARGET = { projects: ['data'], target: 'fetch' };
const WORD_VECTORS_TARGET = { projects: ['encoding'], target: 'vectors' };
const PRETRAIN_TARGET = { projects: ['train'], target: 'pretrain' };

/** The Nx target of one planned task: its command, inputs, outputs and dependencies. */
export function buildTaskTarget(task: PlannedTask): TargetConfiguration {
  const inputs: TargetConfiguration['inputs'] = [
    { input: 'production', projects: STAGE_PROJECTS[task.stage] },
    { dependentTasksOutputFiles: '**/*' },
    { externalDependencies: externalDependencies(task.stage) },
  ];
  if (task.stage === 'train') inputs.push({ env: 'SCIFACT_PYTHON' });

  return {
    executor: 'nx:run-commands',
    options: {
      command: [CLI, task.stage, ...task.args.map(quote)].join(' '),
      cwd: '{workspaceRoot}',
    },
    cache: true,
    inputs,
    outputs: [`{workspaceRoot}/${task.outDir}`],
    dependsOn: [
      DATA_TARGET,
      ...(task.settings.word_vectors ? [WORD_VECTORS_TARGET] : []),
      ...(task.settings.pretraining ? [PRETRAIN_TARGET] : []),
      ...task.dependsOn.map(upstreamTarget),
    ],
    metadata: { description: task.describe },
  };
}

/** The cached report of one grid: it reads every sweep and model card of the grid. */
export function buildReportTarget(plan: GridPlan, specFile: string): TargetConfiguration {
  const decodeTargets = plan.configurations.flatMap((c) =>
    c.runs.flatMap((r) => (r.validationDecode ? [r.decode, r.validationDecode] : [r.decode])),
  );
  const outDir = `artifacts/grid/${plan.spec.name}`;
  return {
    executor: 'nx:run-commands',
    options: {
      command: `${CLI} grid write-report --grid ${quote(specFile)} --out ${outDir}`,
      cwd: '{workspaceRoot}',
    },
    cache: true,
    inputs: [
      { input: 'production', projects: ['grid', 'decode', 'score', 'retrieval', 'data', 'cli'] },
      { dependentTasksOutputFiles: '**/*', transitive: true },
      { externalDependencies: ['echarts'] },
    ],
    outputs: [`{workspaceRoot}/${outDir}`],
    dependsOn: [DATA_TARGET, ...[...new Set(decodeTargets)].map(upstreamTarget)],
    metadata: { description: `the report of the ${plan.spec.name} grid` },
  };
}

/** A planned task's target: the one target of its own project, named after its stage. */
export function upstreamTarget(taskName: string) {
  return { projects: [taskName], target: taskName.slice(0, taskName.lastIndexOf('-')) };
}

function externalDependencies(stage: Stage): string[] {
  if (stage === 'train') return ['onnxruntime-node', '@huggingface/transformers'];
  if (stage === 'infer') return ['onnxruntime-node', '@huggingface/transformers'];
  return ['yargs'];
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
