import { afterEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { InputError } from './errors.ts';
import { checkCountOption, failOnUsage, runCli } from './run-cli.ts';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs a tiny yargs CLI through `runCli` and returns what it wrote on standard error. */
async function runTiny(argv: string[], handler: () => Promise<void> = async () => undefined) {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  await runCli(async (args) => {
    await yargs(args)
      .command(
        '$0',
        'tiny',
        (y) => y.options({ k: { type: 'number', demandOption: true } }),
        handler,
      )
      .strict()
      .fail(failOnUsage)
      .parseAsync();
  }, argv);
  vi.restoreAllMocks();
  return { stderr, exitCode: process.exitCode };
}

describe('failOnUsage', () => {
  it('turns a usage mistake into one line with a pointer to --help and exit code 2', async () => {
    const unknown = await runTiny(['--k', '1', '--kk', '2']);
    expect(unknown).toEqual({ stderr: 'error: Unknown argument: kk (see --help)\n', exitCode: 2 });

    const missing = await runTiny([]);
    expect(missing.stderr).toBe('error: Missing required argument: k (see --help)\n');
  });

  it("passes a command's own error on unchanged", async () => {
    const bad = await runTiny(['--k', '1'], async () => {
      throw new InputError('claims.jsonl:3: claim 9 is odd');
    });
    expect(bad).toEqual({ stderr: 'error: claims.jsonl:3: claim 9 is odd\n', exitCode: 2 });

    const bug = new Error('a bug');
    expect(() => failOnUsage(null, bug)).toThrow(bug);
  });

  it("makes yargs' own errors usage errors, keeping them as the cause", () => {
    const parserError = new Error('Not enough arguments following: k');
    expect(() => failOnUsage(parserError.message, parserError)).toThrow(
      new InputError('Not enough arguments following: k (see --help)'),
    );
  });
});

describe('checkCountOption', () => {
  it('passes counts and undefined, and names the option and value otherwise', () => {
    expect(checkCountOption('k', 3)).toBe(3);
    expect(checkCountOption('claims-limit', undefined)).toBeUndefined();
    expect(checkCountOption('threads', 0, { zero: true })).toBe(0);
    expect(() => checkCountOption('k', 0)).toThrow('--k: expected a positive integer, received 0');
    expect(() => checkCountOption('threads', -1, { zero: true })).toThrow(
      '--threads: expected a non-negative integer, received -1',
    );
    expect(() => checkCountOption('claims-limit', 2.5)).toThrow('received 2.5');
  });
});
