import { describe, expect, it } from 'vitest';
import { ProcessError, runProcess, tailOf } from './process.ts';

const node = process.execPath;

describe('runProcess', () => {
  it('streams lines to the callbacks and returns the whole output', async () => {
    const seen: string[] = [];
    const result = await runProcess(
      node,
      ['-e', 'console.log("a"); console.error("warn"); console.log("b")'],
      { label: 'echo', timeoutMs: 10_000, onStdoutLine: (line) => seen.push(line) },
    );

    expect(seen).toEqual(['a', 'b']);
    expect(result.stdout).toBe('a\nb');
    expect(result.stderr).toBe('warn');
    expect(result.exitCode).toBe(0);
  });

  it('names the process, its exit code and the end of its standard error on failure', async () => {
    const failing = runProcess(
      node,
      ['-e', 'console.error("first\\nlast words"); process.exit(7)'],
      {
        label: 'doomed',
        timeoutMs: 10_000,
      },
    );

    await expect(failing).rejects.toThrow(ProcessError);
    await expect(failing).rejects.toThrow(/^doomed \(.+\) exited with code 7 after [\d.]+s/);
    await expect(failing).rejects.toThrow('its standard error ended with:\n  first\n  last words');
  });

  it('stops a process that runs past its timeout', async () => {
    const slow = runProcess(node, ['-e', 'setTimeout(() => {}, 60_000)'], {
      label: 'sleeper',
      timeoutMs: 300,
    });

    await expect(slow).rejects.toThrow('timed out after 0s and was stopped');
    await expect(slow).rejects.toMatchObject({ timedOut: true });
  });

  it('says when a command does not exist', async () => {
    await expect(
      runProcess('/no/such/python3', ['-V'], { label: 'python check', timeoutMs: 5_000 }),
    ).rejects.toThrow(
      'python check (/no/such/python3 -V) could not start: no such file or command',
    );
  });

  it('quotes at most the last lines of standard error', () => {
    const stderr = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    expect(tailOf(stderr, 2)).toBe('; its standard error ended with:\n  line 18\n  line 19');
    expect(tailOf('')).toBe('');
  });
});
