import { resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { fetchRelease } from './fetch.ts';
import { sha256File } from './hash.ts';
import {
  defaultReleaseDir,
  hasReleaseFiles,
  OFFICIAL_RELEASE_URL,
  RELEASE_FILES,
  RELEASE_SHA256,
  sharedReleaseDir,
} from './layout.ts';
import { secondsSince, type Logger } from './log.ts';
import { isMainModule, loggerFromArgs, logLevelOption, runCli, stageParser } from './run-cli.ts';
import { formatStatsTable } from './stats-table.ts';
import { computeStats } from './stats.ts';
import { countRelease, describeCounts, loadRelease } from './validate.ts';

/** Names a local copy for `fetch` when `--from` and `--url` are not given (and for Nx). */
export const FROM_ENV = 'SCIFACT_DATA_FROM';

const DATA_OPTION = {
  data: {
    type: 'string',
    describe: 'The release folder (default: data/scifact in the workspace)',
  },
} as const;

/**
 * Where `fetch` reads from: `--from`, else `--url`, else $SCIFACT_DATA_FROM, else the shared
 * local copy beside the workspace when there is one, else the official URL. The shared copy
 * holds the same bytes as the download (the pinned sums check it), so preferring it only
 * saves the network.
 */
export function chooseSource(
  args: { from?: string; url?: string },
  env: NodeJS.ProcessEnv = process.env,
  sharedDir = sharedReleaseDir(),
): { from?: string; url?: string } {
  if (args.from !== undefined) return { from: args.from };
  if (args.url !== undefined) return { url: args.url };
  if (env[FROM_ENV]) return { from: env[FROM_ENV] };
  if (hasReleaseFiles(sharedDir)) return { from: sharedDir };
  return { url: OFFICIAL_RELEASE_URL };
}

async function fetchCommand(args: { from?: string; url?: string; out?: string }, log: Logger) {
  const start = performance.now();
  const out = args.out ?? defaultReleaseDir();
  const source = chooseSource(args);
  if (args.from === undefined && source.from) log.debug(`reading the local copy ${source.from}`);

  const result = await fetchRelease({ ...source, out, logger: log });
  const how = result.status === 'present' ? 'already in place' : `from ${result.source}`;
  const counts = describeCounts(result.counts);
  log.info(`fetch: ${counts}, verified, ${how}, at ${out} in ${secondsSince(start)}`);
}

/** The files whose bytes differ from the official release's. */
async function findChangedFiles(dir: string): Promise<string[]> {
  const changed: string[] = [];
  for (const name of RELEASE_FILES) {
    if ((await sha256File(resolve(dir, name))) !== RELEASE_SHA256[name]) changed.push(name);
  }
  return changed;
}

async function validateCommand(args: { data?: string }, log: Logger) {
  const start = performance.now();
  const dir = args.data ?? defaultReleaseDir();
  const release = await loadRelease(dir);

  const changed = await findChangedFiles(dir);
  if (changed.length > 0) {
    log.warn(`${dir}: ${changed.join(', ')} differ from the official release's SHA-256`);
  }
  const origin = changed.length === 0 ? 'the official release' : 'not the official release';
  const counts = describeCounts(countRelease(release));
  log.info(`validate: ${counts}, valid, ${origin}, in ${secondsSince(start)}`);
}

async function statsCommand(args: { data?: string; json?: boolean }, log: Logger) {
  const start = performance.now();
  const dir = args.data ?? defaultReleaseDir();
  const release = await loadRelease(dir);
  const stats = computeStats(release);

  const text = args.json ? `${JSON.stringify(stats, null, 2)}\n` : formatStatsTable(stats);
  process.stdout.write(text);
  log.info(`stats: ${describeCounts(countRelease(release))} in ${secondsSince(start)}`);
}

const FROM_DEFAULT = `$${FROM_ENV}, else ../shared/data/scifact when present`;

const FETCH_OPTIONS = {
  from: {
    type: 'string',
    describe: `A local copy: a release folder or data.tar.gz (default: ${FROM_DEFAULT})`,
  },
  url: {
    type: 'string',
    describe: `Download the release tarball from here (default: ${OFFICIAL_RELEASE_URL})`,
  },
  out: {
    type: 'string',
    describe: 'The folder to fill (default: data/scifact in the workspace)',
  },
} as const;

const STATS_OPTIONS = {
  ...DATA_OPTION,
  json: { type: 'boolean', default: false, describe: 'Print JSON instead of a table' },
} as const;

function buildParser(argv: string[]): Argv {
  return stageParser(yargs(argv))
    .scriptName('scifact data')
    .usage('$0 <command> [options]')
    .options(logLevelOption)
    .command(
      'fetch',
      'Put the verified SciFact release at --out, from a local copy or a download',
      (command) => command.options(FETCH_OPTIONS).conflicts('from', 'url'),
      (args) => fetchCommand(args, loggerFromArgs(args)),
    )
    .command(
      'validate',
      'Check every record of a release folder',
      (command) => command.options(DATA_OPTION),
      (args) => validateCommand(args, loggerFromArgs(args)),
    )
    .command(
      'stats',
      'Print counts per split and label, rationale sizes and abstract lengths',
      (command) => command.options(STATS_OPTIONS),
      (args) => statsCommand(args, loggerFromArgs(args)),
    )
    .demandCommand(1, 'name a command: fetch, validate or stats')
    .version(false)
    .exitProcess(false);
}

/** `scifact data fetch|validate|stats`: see `--help`. */
export async function run(argv: string[]): Promise<void> {
  await runCli(async (args) => {
    await buildParser(args).parseAsync();
  }, argv);
}

if (isMainModule(import.meta.url)) await run(process.argv.slice(2));
