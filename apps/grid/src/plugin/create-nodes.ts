import { dirname, join, relative } from 'node:path';
import type { CreateNodesContext, CreateNodesResult } from '@nx/devkit';
import { planGrid } from '../plan/plan.ts';
import { loadGridSpec } from '../spec/load.ts';
import { buildReportTarget, buildTaskTarget } from './targets.ts';

/** Grid files: the shipped ones, and the ones the runner derives for a user's own choices. */
export const GRID_FILES_GLOB = 'apps/grid/grids/**/*.json';

/**
 * Infers the grid's tasks from one grid file. Each distinct piece of work becomes a project
 * of its own, `<stage>-<key>`, holding one target named after its stage; `report-<grid>` goes
 * to the grid project. Nx folds a project's whole configuration into the hash of each of its
 * tasks, so a project per task keeps a task's cache entry valid while grids around it change:
 * two grids that share a piece of work share its project, and adding a configuration to a
 * grid leaves every existing task's hash as it was.
 */
export async function createNodesForGridFile(
  gridFile: string,
  context: CreateNodesContext,
): Promise<CreateNodesResult> {
  const spec = await loadGridSpec(join(context.workspaceRoot, gridFile));
  const plan = planGrid(spec);
  const gridRoot = relative(context.workspaceRoot, projectRootOf(context, gridFile));

  const projects: NonNullable<CreateNodesResult['projects']> = {};
  for (const task of plan.tasks) {
    projects[join(gridRoot, TASKS_FOLDER, task.target)] = {
      name: task.target,
      tags: ['grid-task'],
      targets: { [task.stage]: buildTaskTarget(task) },
    };
  }
  projects[gridRoot] = { targets: { [`report-${spec.name}`]: buildReportTarget(plan, gridFile) } };
  return { projects };
}

/** Where the task projects live; the folders are never created. */
const TASKS_FOLDER = 'tasks';

function projectRootOf(context: CreateNodesContext, gridFile: string): string {
  let folder = dirname(join(context.workspaceRoot, gridFile));
  while (!folder.endsWith(join('apps', 'grid')) && folder !== context.workspaceRoot) {
    folder = dirname(folder);
  }
  return folder;
}
