import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yargs from 'yargs';
import {
  isMainModule,
  logLevelOption,
  loggerFromArgs,
  runCli,
  secondsSince,
  stageParser,
} from '@scifact/data';
import { planGrid } from './plan/plan.ts';
import { collectResults } from './runner/collect.ts';
import { runNxTarget } from './runner/nx.ts';
import { createProgressAnnotator } from './runner/progress.ts';
import { resolveGrid } from './runner/resolve.ts';
import { findWorkspaceRoot } from './runner/workspace.ts';
import { loadGridSpec } from './spec/load.ts';

const gridOption = {
  grid: {
    type: 'string',
    default: 'focused',
    describe: 'A shipped grid (focused, full, smoke) or a grid file of your own',
  },
} as const;

export async function run(argv: string[]): Promise<void> {
  await runCli(async (args) => {
    await stageParser(yargs(args))
      .scriptName('scifact grid')
      .usage('$0 <command> [options]\n\nRun a grid of training configurations through every stage.')
      // Nx appends the user's options after the target's own, so a repeated option must
      // take its last value: `nx run grid:train --grid=full` overrides `--grid focused`.
      .parserConfiguration({ 'duplicate-arguments-array': false })
      .options(logLevelOption)
      .command(
        'plan',
        'Print the distinct tasks a grid needs',
        (y) => y.options(gridOption),
        async (a) => printPlan(a.grid),
      )
      .command(
        'train',
        'Run a grid through every stage, cached by Nx, then write its report',
        (y) =>
          y.options({
            ...gridOption,
            encoder: { type: 'string', describe: "Replace the grid's encoder: a folder or hub id" },
          }),
        async (a) => train(a.grid, a.encoder, loggerFromArgs(a)),
      )
      .command(
        'report',
        "Write a grid's report from its cached results (runs what is missing)",
        (y) => y.options(gridOption),
        async (a) => train(a.grid, undefined, loggerFromArgs(a)),
      )
      .command(
        'write-report',
        'Write the report of a grid whose tasks have all run (the report-<grid> target)',
        (y) =>
          y.options({
            grid: { type: 'string', demandOption: true, describe: 'The grid file' },
            out: { type: 'string', demandOption: true, describe: 'The report folder' },
          }),
        async (a) => writeGridReport(a.grid, a.out, loggerFromArgs(a)),
      )
      .demandCommand(1, 'name a command: plan, train, report or write-report')
      .parseAsync();
  }, argv);
}

async function printPlan(grid: string): Promise<void> {
  const { spec } = await resolveGrid(findWorkspaceRoot(), grid);
  const plan = planGrid(spec);
  const count = (stage: string) => plan.tasks.filter((t) => t.stage === stage).length;

  const lines = [
    `grid ${spec.name}: ${plan.configurations.length} configurations × ${spec.seeds.length} seeds`,
    `  example sets   ${count('negatives')}`,
    `  models         ${count('train')}`,
    `  probabilities  ${count('infer')}`,
    `  decode sweeps  ${count('decode')}`,
  ];
  for (const task of plan.tasks) lines.push(`  ${task.target}  ${task.describe}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function train(
  grid: string,
  encoder: string | undefined,
  logger: ReturnType<typeof loggerFromArgs>,
): Promise<void> {
  const start = performance.now();
  const workspaceRoot = findWorkspaceRoot();
  const { spec } = await resolveGrid(workspaceRoot, grid, { encoder });
  const plan = planGrid(spec);
  const models = plan.tasks.filter((t) => t.stage === 'train').length;
  logger.info(
    `grid ${spec.name}: ${plan.configurations.length} configurations, ${models} models, ` +
      `${plan.tasks.length} tasks; Nx replays what it has cached`,
  );

  const annotate = createProgressAnnotator(plan, (line) => logger.info(line));
  await runNxTarget(workspaceRoot, `report-${spec.name}`, (line) => {
    annotate(line);
    logger.info(line);
  });

  const reportDir = join('artifacts/grid', spec.name);
  const summary = await readFile(join(workspaceRoot, reportDir, 'report.md'), 'utf8');
  process.stdout.write(summary);
  logger.info(
    `grid ${spec.name} done in ${secondsSince(start)}: report at ${reportDir}/report.html`,
  );
}

async function writeGridReport(
  gridFile: string,
  out: string,
  logger: ReturnType<typeof loggerFromArgs>,
): Promise<void> {
  const start = performance.now();
  const workspaceRoot = findWorkspaceRoot();
  const spec = await loadGridSpec(join(workspaceRoot, gridFile));
  const plan = planGrid(spec);

  // The report pulls in the charting library; only this command needs it.
  const { buildReport, writeReport } = await import('./report/index.ts');
  const input = await collectResults(workspaceRoot, plan);
  const report = buildReport(input);
  await writeReport(join(workspaceRoot, out), report);
  logger.info(
    `report of ${spec.name}: ${plan.configurations.length} configurations written to ${out} ` +
      `in ${secondsSince(start)}`,
  );
}

if (isMainModule(import.meta.url)) await run(process.argv.slice(2));
