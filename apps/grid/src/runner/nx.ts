import { execa } from 'execa';

/**
 * Runs one Nx target of the grid project and streams its output, line by line, to `onLine`.
 * Nx decides what comes from the cache; this only starts it and reports how it ended.
 */
export async function runNxTarget(
  workspaceRoot: string,
  target: string,
  onLine: (line: string) => void,
  extraArgs: string[] = [],
): Promise<void> {
  const child = execa(
    'npx',
    ['nx', 'run', `grid:${target}`, '--outputStyle=stream', ...extraArgs],
    {
      cwd: workspaceRoot,
      all: true,
      reject: false,
      env: { NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
    },
  );

  for await (const line of child.iterable({ from: 'all' })) onLine(String(line));
  const result = await child;
  if (result.exitCode !== 0) {
    throw new Error(`nx run grid:${target} failed with exit code ${result.exitCode}`);
  }
}
