import { captureCli } from '@scifact/data/testing';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSplitClaims } from '@scifact/data';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { run } from './cli.ts';
import { GOLDEN_DIR } from './fixtures/golden.ts';
import { runProgram } from './fixtures/spawn.ts';
import {
  findWorkspaceRoot,
  makeTemporaryDir,
  removeTemporaryDirs,
  SCIFACT_DIR,
} from './fixtures/workspace.ts';

afterAll(removeTemporaryDirs);

/** Runs the CLI in this process and returns what it wrote and its exit status. */
async function runScore(argv: string[]) {
  const captured = await captureCli(run, argv);
  process.exitCode = undefined;
  return captured;
}

function goldenArgs(name: string): string[] {
  const folder = join(GOLDEN_DIR, name);
  return [
    '--gold',
    join(folder, 'gold.jsonl'),
    '--corpus',
    join(folder, 'corpus.jsonl'),
    '--predictions',
    join(folder, 'predictions.jsonl'),
  ];
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('scifact score', () => {
  it('prints the table, writes metrics.json and ends with a one-line summary', async () => {
    const out = join(makeTemporaryDir(), 'nested', 'metrics.json');
    const result = await runScore([...goldenArgs('rules'), '--out', out]);
    const expected = readFileSync(join(GOLDEN_DIR, 'rules', 'expected.json'), 'utf8');

    expect(result.exitCode).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(expected);
    expect(result.stdout).toMatch(/^metric +precision +recall +f1 +correct +retrieved +relevant\n/);
    expect(result.stdout).toContain('sentence_label              0.2308  0.3750  0.2857        3');
    expect(result.stderr).toContain(
      'warning: 1 predicted abstract(s) list a sentence more than once',
    );
    expect(result.stderr).toMatch(
      /\nscore: 4\/5 claims predicted, 6 abstracts, 13 sentences; sentence_label F1 0\.2857, abstract_label_only F1 0\.3636; wrote .*metrics\.json \(\d+\.\ds\)\n$/,
    );
  });

  it('reads the split from --data and counts unpredicted claims in recall', async () => {
    const predictions = join(makeTemporaryDir(), 'predictions.jsonl');
    writeFileSync(
      predictions,
      '{"id": 3, "evidence": {"14717500": {"sentences": [2, 5], "label": "SUPPORT"}}}\n',
    );
    const result = await runScore([
      '--data',
      SCIFACT_DIR,
      '--split',
      'dev',
      '--predictions',
      predictions,
      '--log-level',
      'error',
    ]);

    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      'sentence_selection          1.0000  0.0055  0.0109        2          2       366',
    );
    expect(result.stdout).toContain(
      'abstract_label_only         1.0000  0.0048  0.0095        1          1       209',
    );
  });

  it('scores against the fit and validation splits carved from train', async () => {
    const predictions = join(makeTemporaryDir(), 'predictions.jsonl');
    writeFileSync(predictions, '');
    const summaryOf = async (split: string) => {
      const argv = ['--data', SCIFACT_DIR, '--split', split, '--predictions', predictions];
      const result = await runScore(argv);
      expect(result.exitCode).toBe(0);
      return result.stderr;
    };

    const validation = await loadSplitClaims(SCIFACT_DIR, 'validation');
    const fit = await loadSplitClaims(SCIFACT_DIR, 'fit');
    expect(await summaryOf('validation')).toContain(`score: 0/${validation.length} claims`);
    expect(await summaryOf('fit')).toContain(`score: 0/${fit.length} claims`);
    expect(validation.length + fit.length).toBe(809);
  });

  it('refuses the test split, whose labels are hidden', async () => {
    const result = await runScore([
      '--data',
      SCIFACT_DIR,
      '--split',
      'test',
      '--predictions',
      'p.jsonl',
    ]);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'error: --split test: its gold labels are hidden, so only the leaderboard scores it; expected one of train, dev, fit, validation\n',
    );
  });

  it('names the file and line of a bad prediction', async () => {
    const predictions = join(makeTemporaryDir(), 'predictions.jsonl');
    writeFileSync(predictions, '{"id": 1, "evidence": {}}\n{"id": 404, "evidence": {}}\n');
    const folder = join(GOLDEN_DIR, 'rules');
    const result = await runScore([
      '--gold',
      join(folder, 'gold.jsonl'),
      '--corpus',
      join(folder, 'corpus.jsonl'),
      '--predictions',
      predictions,
    ]);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      `error: ${predictions}:2: unknown claim id 404: it is not among the 5 gold claims\n`,
    );
  });

  it('rejects an unknown option with exit status 2', async () => {
    const result = await runScore([...goldenArgs('rules'), '--treshold', '0.5']);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('error: Unknown argument: treshold (see --help)\n');
  });

  it('answers --help through the scifact entry point', () => {
    const root = findWorkspaceRoot();
    const entry = join(root, 'tools', 'cli', 'scifact.mjs');
    const help = runProgram(process.execPath, [entry, 'score', '--help'], root);

    expect(help).toContain('scifact score --predictions FILE [--out FILE]');
    for (const option of ['--data', '--split', '--gold', '--corpus', '--log-level']) {
      expect(help).toContain(option);
    }
  });
});
