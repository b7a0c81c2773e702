import type { GridPlan, PlannedTask } from '../plan/plan.ts';

/**
 * Turns Nx's streamed output into progress people can follow: when a grid task starts, a line
 * says which stage of which configuration it is, and how many tasks are left.
 */
export function createProgressAnnotator(plan: GridPlan, write: (line: string) => void) {
  const byTarget = new Map<string, PlannedTask>(plan.tasks.map((t) => [t.target, t]));
  const started = new Set<string>();
  const total = plan.tasks.length;

  return (line: string) => {
    const match = /\b((?:negatives|train|infer|decode)-[0-9a-f]{16}):/.exec(line);
    const task = match ? byTarget.get(match[1]) : undefined;
    if (task && !started.has(task.target)) {
      started.add(task.target);
      const left = total - started.size;
      write(`[${started.size}/${total}] ${task.stage}: ${task.describe} (${left} left after this)`);
    }
  };
}
