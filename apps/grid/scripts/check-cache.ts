/**
 * Proves the grid's caching from Nx's own output, on a grid that has already run once:
 *   replay             a second run with nothing changed takes every task from the cache;
 *   scorer-change      a change to the scorer's code re-runs scoring (decode) and the report only;
 *   new-configuration  a grid with one more evidence-loss weight trains only the new models.
 * Usage: tsx apps/grid/scripts/check-cache.ts <grid> [replay|scorer-change|new-configuration]...
 */
import { execa } from 'execa';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { planGrid } from '../src/plan/plan.ts';
import { readNxTaskOutcomes } from '../src/runner/nx-output.ts';
import { loadGridSpec } from '../src/spec/load.ts';

const workspaceRoot = join(import.meta.dirname, '../../..');
const [grid = 'smoke', ...checks] = process.argv.slice(2);

interface NxRun {
  ran: string[];
  cached: string[];
  seconds: number;
}

/** Runs one grid target and sorts the tasks Nx names into run and replayed from the cache. */
async function runReport(gridName: string): Promise<NxRun> {
  const start = performance.now();
  const result = await execa(
    'npx',
    ['nx', 'run', `grid:report-${gridName}`, '--outputStyle=static'],
    {
      cwd: workspaceRoot,
      all: true,
      reject: false,
      env: { NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
    },
  );
  if (result.exitCode !== 0) {
    process.stderr.write(result.all ?? '');
    throw new Error(`nx run grid:report-${gridName} failed with exit code ${result.exitCode}`);
  }

  const { ran, cached } = readNxTaskOutcomes(result.all ?? '');
  if (ran.length + cached.length === 0) {
    process.stderr.write(result.all ?? '');
    throw new Error(`nx run grid:report-${gridName} named no tasks that could be read`);
  }

  return { ran, cached, seconds: (performance.now() - start) / 1000 };
}

function expectTrue(condition: boolean, message: string) {
  if (!condition) throw new Error(`cache check failed: ${message}`);
  process.stderr.write(`ok: ${message}\n`);
}

async function replay() {
  const run = await runReport(grid);
  expectTrue(
    run.ran.length === 0 && run.cached.length > 0,
    `replay of ${grid}: ${run.cached.length} of ${run.cached.length + run.ran.length} tasks ` +
      `from the cache in ${run.seconds.toFixed(1)}s` +
      (run.ran.length ? `; ran ${run.ran.join(', ')}` : ''),
  );
}

async function scorerChange() {
  const file = join(workspaceRoot, 'packages/score/src/index.ts');
  const original = await readFile(file, 'utf8');
  try {
    // A fresh line each time, so no cache, local or shared, can already hold its results.
    await appendFile(file, `\n// A change to the scorer, made by the cache check ${Date.now()}.\n`);
    const run = await runReport(grid);
    const unexpected = run.ran.filter((t) => !/^(decode-\w+:decode|grid:report-)/.test(t));
    expectTrue(
      unexpected.length === 0 && run.ran.some((t) => t.startsWith('decode-')),
      `a scorer change re-ran ${run.ran.length} tasks, all decode or report ` +
        `(${run.cached.length} from the cache)` +
        (unexpected.length ? `; also ran ${unexpected.join(', ')}` : ''),
    );
  } finally {
    await writeFile(file, original);
  }
}

async function newConfiguration() {
  const spec = await loadGridSpec(join(workspaceRoot, `apps/grid/grids/${grid}.json`));
  const weights = spec.factors.evidence_weight as number[];
  const extended = {
    name: `${grid}-extended`,
    description: `${grid} with one more evidence-loss weight, made by the cache check`,
    split: spec.split,
    seeds: spec.seeds,
    claims_limit: spec.claimsLimit,
    select_by: spec.selectBy,
    validation: spec.validation,
    factors: { ...spec.factors, evidence_weight: [...weights, Math.max(...weights) + 0.5] },
  };
  const file = join(workspaceRoot, `apps/grid/grids/local/${extended.name}.json`);
  await writeFile(file, JSON.stringify(extended, null, 2));

  try {
    const before = new Set(
      planGrid(spec)
        .tasks.filter((t) => t.stage === 'train')
        .map((t) => t.target),
    );
    const after = planGrid(await loadGridSpec(file)).tasks.filter((t) => t.stage === 'train');
    const newModels = after.filter((t) => !before.has(t.target)).length;

    const run = await runReport(extended.name);
    const trained = run.ran.filter((t) => t.startsWith('train-')).length;
    expectTrue(
      trained === newModels && newModels > 0,
      `a new configuration trained ${trained} models, the ${newModels} new ones; ` +
        `${after.length - newModels} came from the cache`,
    );
  } finally {
    await rm(file, { force: true });
  }
}

const all = { replay, 'scorer-change': scorerChange, 'new-configuration': newConfiguration };
for (const check of checks.length ? checks : ['replay']) {
  const run = all[check as keyof typeof all];
  if (!run) throw new Error(`unknown check '${check}'; expected ${Object.keys(all).join(', ')}`);
  await run();
}
