import { pathToFileURL } from 'node:url';
import type { Argv } from 'yargs';
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
 * The yargs `.fail()` handler every stage CLI uses: a usage mistake (an unknown option, a
 * missing one, a value outside its choices) becomes one line, `error: ... (see --help)`, and
 * exit code 2 through `runCli`, instead of a stack dump.
 *
 * An error a command throws reaches yargs with no message and goes on to `runCli` unchanged,
 * as does an `InputError` from a `.check()` or `.coerce()`; yargs' own errors are usage.
 */
export function failOnUsage(message: string | null, error: Error | undefined): never {
  if (error && (message === null || error instanceof InputError)) throw error;
  const reason = message ?? error?.message ?? 'bad usage';
  throw new InputError(`${reason} (see --help)`, undefined, { cause: error });
}

/**
 * What every stage CLI asks of yargs: unknown options are errors, usage mistakes go through
 * `failOnUsage`, and `--help` lists the options.
 */
export function stageParser<T>(parser: Argv<T>): Argv<T> {
  return parser.strict().fail(failOnUsage).help();
}

/**
 * Checks a count given on the command line, naming the option and the value: for example
 * `--k: expected a positive integer, received 0`. An option left out passes as undefined.
 *
 * @example const limit = checkCountOption('claims-limit', args['claims-limit']);
 */
export function checkCountOption<T extends number | undefined>(
  option: string,
  value: T,
  { zero = false }: { zero?: boolean } = {},
): T {
  const lowest = zero ? 0 : 1;
  if (value !== undefined && (!Number.isInteger(value) || value < lowest)) {
    const expected = zero ? 'a non-negative integer' : 'a positive integer';
    throw new InputError(`--${option}: expected ${expected}, received ${value}`);
  }
  return value;
}
