import { dirname, join, relative } from 'node:path';
import type { CreateNodesContext, CreateNodesResult, TargetConfiguration } from '@nx/devkit';
import { planGrid } from '../plan/plan.ts';
import { loadGridSpec } from '../spec/load.ts';
import { buildReportTarget, buildTaskTarget } from './targets.ts';

/** Grid files: the shipped ones, and the ones the runner derives for a user's own choices. */
export const GRID_FILES_GLOB = 'apps/grid/grids/**/*.json';

/**
 * Infers the grid project's targets from one grid file: a target per distinct piece of work,
 * named by the key of its settings, and `report-<grid>` over all of them. Two grids that share
 * a piece of work infer the same target, so they share its cache entry.
 */
export async function createNodesForGridFile(
  gridFile: string,
  context: CreateNodesContext,
): Promise<CreateNodesResult> {
  const spec = await loadGridSpec(join(context.workspaceRoot, gridFile));
  const plan = planGrid(spec);

  const targets: Record<string, TargetConfiguration> = {};
  for (const task of plan.tasks) targets[task.target] = buildTaskTarget(task);
  targets[`report-${spec.name}`] = buildReportTarget(plan, gridFile);

  const projectRoot = relative(context.workspaceRoot, projectRootOf(context, gridFile));
  return { projects: { [projectRoot]: { targets } } };
}

function projectRootOf(context: CreateNodesContext, gridFile: string): string {
  let folder = dirname(join(context.workspaceRoot, gridFile));
  while (!folder.endsWith(join('apps', 'grid')) && folder !== context.workspaceRoot) {
    folder = dirname(folder);
  }
  return folder;
}
