import { pathToFileURL } from 'node:url';
import { InputError } from './errors.ts';
import { createLogger, LOG_LEVELS, type Logger, type LogLevel } from './log.ts';

/** The option every stage CLI shares; pass it to yargs' `.options()`. */
export const logLevelOption = {
  'log-level': {
    choices: LOG_LEVELS as unknown as string[],
    default: 'info',
    describe: 'How much to tell on standard error',
  },
} as const;

export function loggerFromArgs(args: { 'log-level'?: string; logLevel?: string }): Logger {
  return createLogger((args['log-level'] ?? args.logLevel ?? 'info') as LogLevel);
}

/**
 * Runs a CLI's main function and turns failures into one clear line on standard error and a
 * non-zero exit: 2 for bad input the user can fix, 1 for anything else.
 */
export async function runCli(main: (argv: string[]) => Promise<void>, argv: string[]) {
  try {
    await main(argv);
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`error: ${text}\n`);
    process.exitCode = 1;
  }
}

/** True when the module at `moduleUrl` is the script node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === moduleUrl;
}

/**
 * The yargs `.fail()` handler every stage CLI uses: an error thrown by a command goes on to
 * `runCli` unchanged, and a usage mistake becomes one clear line instead of a stack dump.
 */
export function failOnUsage(message: string | null, error: Error | undefined): never {
  if (error) throw error;
  throw new InputError(`${message ?? 'bad usage'} (see --help)`);
}
