// The one module that starts processes. Every child runs with a timeout, its output is read
// line by line as it comes, and every failure reads the same way: what ran, how it ended,
// and the last lines it wrote to standard error.
import { execa } from 'execa';

/** Lines of standard error quoted in a failure message. */
const STDERR_TAIL_LINES = 12;

export interface RunOptions {
  /** Names the process in messages: `trainer`, `python check`. */
  label: string;
  timeoutMs: number;
  cwd?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** How a process failed: it could not start, it timed out, a signal ended it, or it exited
 * with a non-zero code. The message says which, with the command and its stderr's tail. */
export class ProcessError extends Error {
  readonly exitCode?: number;
  readonly signal?: string;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;

  constructor(
    message: string,
    details: {
      exitCode?: number;
      signal?: string;
      timedOut?: boolean;
      stdout?: string;
      stderr?: string;
    },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProcessError';
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.timedOut = details.timedOut ?? false;
    this.stdout = details.stdout ?? '';
    this.stderr = details.stderr ?? '';
  }
}

/**
 * Runs `command args` to completion; resolves when it exits with 0 and throws a
 * `ProcessError` otherwise. Lines reach `onStdoutLine`/`onStderrLine` while it runs.
 *
 * @example
 * await runProcess('/usr/bin/python3', ['-c', 'import torch'], {
 *   label: 'python check',
 *   timeoutMs: 60_000,
 * });
 */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  const start = performance.now();
  // A generator per stream sees each line as it comes and passes it on to the result.
  const tap = (onLine?: (line: string) => void) =>
    function* (line: unknown) {
      onLine?.(String(line));
      yield line;
    };

  const result = await execa(command, args, {
    cwd: options.cwd,
    env: options.env,
    timeout: options.timeoutMs,
    forceKillAfterDelay: 5_000,
    reject: false,
    stdin: 'ignore',
    stdout: tap(options.onStdoutLine),
    stderr: tap(options.onStderrLine),
  });
  const seconds = (performance.now() - start) / 1000;
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (!result.failed) return { exitCode: 0, stdout, stderr, seconds };

  const ran = `${options.label} (${[command, ...args].join(' ')})`;
  const details = { exitCode: result.exitCode, stdout, stderr, timedOut: result.timedOut };
  const how = describeEnd(result, options.timeoutMs, seconds);
  throw new ProcessError(
    `${ran} ${how}${tailOf(stderr)}`,
    { ...details, signal: result.signal },
    {
      cause: result.cause,
    },
  );
}

/** How a child ended, as execa reports it. */
interface Ending {
  timedOut: boolean;
  signal?: string;
  exitCode?: number;
  code?: string;
  cause?: unknown;
}

function describeEnd(result: Ending, timeoutMs: number, seconds: number): string {
  if (result.timedOut) return `timed out after ${(timeoutMs / 1000).toFixed(0)}s and was stopped`;
  if (result.code === 'ENOENT') return 'could not start: no such file or command';
  if (result.signal) return `was killed by ${result.signal} after ${seconds.toFixed(1)}s`;
  if (result.exitCode !== undefined) {
    return `exited with code ${result.exitCode} after ${seconds.toFixed(1)}s`;
  }
  const cause = result.cause instanceof Error ? result.cause.message : String(result.cause);
  return `could not start: ${cause}`;
}

/** The last lines of standard error, indented under the message; empty when there are none. */
export function tailOf(stderr: string, lines = STDERR_TAIL_LINES): string {
  const kept = stderr.trimEnd().split('\n').filter(Boolean).slice(-lines);
  if (kept.length === 0) return '';
  return `; its standard error ended with:\n${kept.map((line) => `  ${line}`).join('\n')}`;
}
