import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, loadCorpus, loadSplitClaims, sha256File } from '@scifact/data';
import { lexicalBaseline } from '@scifact/decode';
import { scorePredictions } from '@scifact/score';
import type { ModelCard } from '@scifact/train';
import type { GridSpec } from '../spec/load.ts';
import type { GridPlan, PlannedTask } from '../plan/plan.ts';
import { PUBLISHED_REFERENCES } from '../report/references.ts';
import type { ConfigurationResult, ReferenceInput, ReportInput, Sweep } from '../report/types.ts';

/** Gathers what the grid's tasks wrote into the report's input. */
export async function collectResults(workspaceRoot: string, plan: GridPlan): Promise<ReportInput> {
  const tasks = new Map(plan.tasks.map((t) => [t.target, t]));
  const spec = plan.spec;

  const configurations: ConfigurationResult[] = [];
  for (const configuration of plan.configurations) {
    const runs = [];
    for (const run of configuration.runs) {
      const decode = tasks.get(run.decode) as PlannedTask;
      const train = tasks.get(run.train) as PlannedTask;
      const dev = await readJson<Sweep>(workspaceRoot, `${decode.outDir}/sweep.json`);
      const card = await readJson<ModelCard>(workspaceRoot, `${train.outDir}/card.json`);
      const validationTask = run.validationDecode ? tasks.get(run.validationDecode) : undefined;
      const validation = validationTask
        ? await readJson<Sweep>(workspaceRoot, `${validationTask.outDir}/sweep.json`)
        : undefined;
      runs.push({
        seed: run.seed,
        dev,
        validation,
        trainSeconds: trainingSeconds(card),
        modelKey: train.key,
      });
    }

    const levels = configuration.levels;
    configurations.push({
      id: configuration.id,
      factors: Object.fromEntries(
        // The NEI rule has its own field; the report shows it once, as `rule`.
        Object.entries(levels)
          .filter(([name]) => name !== 'nei_rule')
          .map(([name, level]) => [
            name,
            typeof level === 'number'
              ? level
              : Array.isArray(level)
                ? level.join(' ')
                : String(level),
          ]),
      ) as Record<string, string | number>,
      rule: levels.nei_rule as 'strict' | 'relaxed',
      thresholds: levels.thresholds as number[],
      runs,
    });
  }

  const encoders = [...new Set(plan.configurations.map((c) => String(c.levels.encoder)))];
  const candidates = [...new Set(plan.configurations.map((c) => String(c.levels.candidates)))];
  return {
    grid: spec.name,
    encoder: encoders.join(', '),
    split: spec.claimsLimit ? `${spec.split} (first ${spec.claimsLimit} claims)` : spec.split,
    candidates: candidates.join(', '),
    dataChecksum: await dataChecksum(workspaceRoot, spec.split),
    selectBy: spec.selectBy,
    configurations,
    references: [...(PUBLISHED_REFERENCES ?? []), await measureBaseline(workspaceRoot, spec)],
    generatedAt: new Date().toISOString(),
  };
}

/**
 * The no-learning row, measured here on the grid's own split and claims: TF-IDF top-2
 * sentences of every cited abstract, all SUPPORT. It runs in about a second, and puts a
 * figure computed by this project's scorer beside the quoted one.
 */
async function measureBaseline(workspaceRoot: string, spec: GridSpec): Promise<ReferenceInput> {
  const dataDir = join(workspaceRoot, 'data/scifact');
  const claims = await loadSplitClaims(dataDir, spec.split, { limit: spec.claimsLimit });
  const corpus = await loadCorpus(dataDir);
  const metrics = scorePredictions(claims, lexicalBaseline(claims, corpus));

  const f1 = (value: number) => Math.round(1000 * value) / 10;
  return {
    system: `no learning, measured by this project on ${spec.split} (oracle)`,
    metrics: {
      sentence_selection: f1(metrics.sentence_selection.f1),
      sentence_label: f1(metrics.sentence_label.f1),
      abstract_label_only: f1(metrics.abstract_label_only.f1),
      abstract_rationalized: f1(metrics.abstract_rationalized.f1),
      notebook: f1(metrics.notebook.f1),
    },
  };
}

/** The checksum of what the figures were measured on: the scored claims and the corpus. */
async function dataChecksum(workspaceRoot: string, split: string): Promise<string> {
  const claims = await sha256File(join(workspaceRoot, 'data/scifact', `claims_${split}.jsonl`));
  const corpus = await sha256File(join(workspaceRoot, 'data/scifact', 'corpus.jsonl'));
  return `claims_${split} ${claims.slice(0, 12)}, corpus ${corpus.slice(0, 12)}`;
}

/** The trainer's own seconds, from the summary record the model card keeps. */
function trainingSeconds(card: ModelCard): number {
  const seconds = card.training?.seconds;
  return typeof seconds === 'number' ? seconds : Number.NaN;
}

async function readJson<T>(workspaceRoot: string, path: string): Promise<T> {
  try {
    return JSON.parse(await readFile(join(workspaceRoot, path), 'utf8')) as T;
  } catch (error) {
    throw new InputError(
      'cannot read a grid result; has its task run?',
      { file: path },
      {
        cause: error,
      },
    );
  }
}
