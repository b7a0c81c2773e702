import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from './cli.ts';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

function captureStdout() {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  return chunks;
}

describe('scifact grid plan', () => {
  it('lets an option Nx appends override the target default', async () => {
    const stdout = captureStdout();

    await run(['plan', '--grid', 'focused', '--grid=smoke']);

    expect(stdout.join('')).toContain('grid smoke: 2 configurations × 1 seeds');
    expect(process.exitCode).toBeUndefined();
  });

  it('names the unknown grid and the shipped ones', async () => {
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });

    await run(['plan', '--grid', 'no-such-grid']);

    expect(stderr.join('')).toContain(
      "error: no grid named 'no-such-grid': expected one of focused, full, smoke, or a grid file",
    );
    expect(process.exitCode).toBe(2);
  });
});
