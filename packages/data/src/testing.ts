/** What a CLI run in this process wrote, and the exit code it set (0 when it set none). */
export interface CapturedRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Runs a stage CLI's `run(argv)` in this process for a test, catching what it writes to
 * standard output and standard error. `process.exitCode` is cleared first and left as the
 * run set it, so a test may read either.
 */
export async function captureCli(
  run: (argv: string[]) => Promise<void>,
  argv: string[],
): Promise<CapturedRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const collect = (into: string[]) =>
    ((chunk: unknown) => into.push(String(chunk)) > 0) as typeof process.stdout.write;

  process.exitCode = undefined;
  process.stdout.write = collect(stdout);
  process.stderr.write = collect(stderr);
  try {
    await run(argv);
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
  return { stdout: stdout.join(''), stderr: stderr.join(''), exitCode: Number(process.exitCode ?? 0) };
}
