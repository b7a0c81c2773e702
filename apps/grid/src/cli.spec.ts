import { captureCli } from '@scifact/data/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from './cli.ts';

afterEach(() => {
  process.exitCode = undefined;
});

describe('scifact grid plan', () => {
  it('lets an option Nx appends override the target default', async () => {
    const { stdout, exitCode } = await captureCli(run, [
      'plan',
      '--grid',
      'focused',
      '--grid=smoke',
    ]);

    expect(stdout).toContain('grid smoke: 2 configurations × 1 seeds');
    expect(exitCode).toBe(0);
  });

  it('names the unknown grid and the shipped ones', async () => {
    const { stderr, exitCode } = await captureCli(run, ['plan', '--grid', 'no-such-grid']);

    expect(stderr).toContain(
      "error: no grid named 'no-such-grid': expected one of focused, full, smoke, or a grid file",
    );
    expect(exitCode).toBe(2);
  });
});
