import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isValidationClaim,
  loadSplitClaims,
  readJsonlAll,
  writeJsonl,
  type Claim,
  type Prediction,
  type ProbabilityRecord,
} from '@scifact/data';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from './cli.ts';

const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = join(workspaceRoot, '../shared/data/scifact');

/** Probabilities that put every gold rationale sentence at 0.9 and the rest at 0.1. */
function goldLikeRecords(claims: readonly Claim[]): ProbabilityRecord[] {
  return claims.flatMap((claim) =>
    Object.entries(claim.evidence ?? {}).map(([docId, rationales]) => {
      const evidence = new Set(rationales.flatMap((r) => r.sentences));
      const length = Math.max(12, ...evidence) + 1;
      const sentenceProbs = Array.from({ length }, (_, i) => (evidence.has(i) ? 0.9 : 0.1));
      const labelProbs: [number, number, number] =
        rationales[0].label === 'SUPPORT' ? [0.8, 0.1, 0.1] : [0.1, 0.8, 0.1];
      return {
        claim_id: claim.id,
        doc_id: Number(docId),
        source: 'oracle' as const,
        rank: 1,
        label_probs: labelProbs,
        sentence_probs: sentenceProbs,
      };
    }),
  );
}

describe('decode CLI', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'decode-cli-'));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.exitCode = undefined;
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('sweeps thresholds and rules into sweep.json and each rule best predictions', async () => {
    const dev = await loadSplitClaims(dataDir, 'dev');
    const probabilities = join(dir, 'probabilities.jsonl');
    await writeJsonl(probabilities, goldLikeRecords(dev.slice(0, 20)));

    const out = join(dir, 'sweep', 'sweep.json');
    await run([
      'sweep',
      ...['--probabilities', probabilities, '--data', dataDir, '--split', 'dev'],
      ...['--thresholds', '0.3,0.5,0.95', '--out', out, '--log-level', 'silent'],
    ]);
    expect(process.exitCode).toBeUndefined();

    const report = JSON.parse(await readFile(out, 'utf8'));
    expect(Object.keys(report)).toEqual(['rows', 'best', 'selected_by']);
    expect(report.rows).toHaveLength(6);
    expect(report.best.strict.threshold).toBe(0.3);
    expect(report.best.strict.metrics.sentence_label.precision).toBe(1);

    const best = await readJsonlAll<Prediction>(join(dir, 'sweep', 'predictions.strict.jsonl'));
    expect(best.map((p) => p.id)).toEqual(dev.map((claim) => claim.id));
  });

  it('keeps the first N claims of the split with --claims-limit, as infer does', async () => {
    // The first 40 dev claims in file order, read apart from the loader both stages use.
    const lines = (await readFile(join(dataDir, 'claims_dev.jsonl'), 'utf8')).trim().split('\n');
    const first40: Claim[] = lines.slice(0, 40).map((line) => JSON.parse(line));
    const probabilities = join(dir, 'probabilities.jsonl');
    await writeJsonl(probabilities, goldLikeRecords(first40));

    const sweep = (out: string, ...more: string[]) =>
      run([
        ...['sweep', '--probabilities', probabilities, '--data', dataDir, '--split', 'dev'],
        ...['--thresholds', '0.5', '--out', out, '--log-level', 'silent', ...more],
      ]);
    await sweep(join(dir, 'limited', 'sweep.json'), '--claims-limit', '40');
    await sweep(join(dir, 'whole', 'sweep.json'));
    expect(process.exitCode).toBeUndefined();

    const limited = JSON.parse(await readFile(join(dir, 'limited', 'sweep.json'), 'utf8'));
    const whole = JSON.parse(await readFile(join(dir, 'whole', 'sweep.json'), 'utf8'));
    expect(limited.best.strict.metrics.sentence_label.recall).toBe(1);
    expect(whole.best.strict.metrics.sentence_label.recall).toBeLessThan(0.5);
    const best = await readJsonlAll<Prediction>(join(dir, 'limited', 'predictions.strict.jsonl'));
    expect(best.map((p) => p.id)).toEqual(first40.map((claim) => claim.id));

    const out = join(dir, 'predictions.jsonl');
    await run([
      ...['--probabilities', probabilities, '--threshold', '0.5', '--nei-rule', 'strict'],
      ...['--data', dataDir, '--split', 'dev', '--claims-limit', '40', '--out', out],
    ]);
    const predictions = await readJsonlAll<Prediction>(out);
    expect(predictions.map((p) => p.id)).toEqual(first40.map((claim) => claim.id));
  });

  it('decodes and sweeps the validation split carved from train', async () => {
    const validation = await loadSplitClaims(dataDir, 'validation', { limit: 25 });
    expect(validation.every((claim) => isValidationClaim(claim.id))).toBe(true);
    const probabilities = join(dir, 'probabilities.jsonl');
    await writeJsonl(probabilities, goldLikeRecords(validation));

    const out = join(dir, 'sweep.json');
    await run([
      ...['sweep', '--probabilities', probabilities, '--data', dataDir, '--split', 'validation'],
      ...['--claims-limit', '25', '--thresholds', '0.5', '--out', out, '--log-level', 'silent'],
    ]);
    expect(process.exitCode).toBeUndefined();
    const report = JSON.parse(await readFile(out, 'utf8'));
    expect(report.best.strict.metrics.sentence_label.f1).toBe(1);

    const predictions = join(dir, 'predictions.jsonl');
    await run([
      ...['--probabilities', probabilities, '--threshold', '0.5', '--nei-rule', 'relaxed'],
      ...['--data', dataDir, '--split', 'validation', '--out', predictions],
    ]);
    expect(process.exitCode).toBeUndefined();
    const lines = await readJsonlAll<Prediction>(predictions);
    const all = await loadSplitClaims(dataDir, 'validation');
    expect(lines.map((p) => p.id)).toEqual(all.map((claim) => claim.id));
  });

  it('writes one line per test claim in the leaderboard format', async () => {
    const probabilities = join(dir, 'probabilities.jsonl');
    const record = {
      claim_id: 7,
      doc_id: 123,
      source: 'open',
      rank: 1,
      retrieval_score: 20.5,
      label_probs: [0.1, 0.7, 0.2],
      sentence_probs: [0.2, 0.6, 0.7],
    };
    await writeJsonl(probabilities, [record]);

    const out = join(dir, 'predictions.jsonl');
    await run([
      ...['--probabilities', probabilities, '--threshold', '0.5', '--nei-rule', 'strict'],
      ...['--data', dataDir, '--split', 'test', '--out', out, '--log-level', 'silent'],
    ]);
    expect(process.exitCode).toBeUndefined();

    const predictions = await readJsonlAll<Prediction>(out);
    expect(predictions).toHaveLength(300);
    expect(predictions[0]).toEqual({
      id: 7,
      evidence: { '123': { sentences: [2, 1], label: 'CONTRADICT' } },
    });
    expect(predictions[1]).toEqual({ id: 8, evidence: {} });
  });

  it('refuses a sweep on the test split, whose labels are hidden', async () => {
    const probabilities = join(dir, 'probabilities.jsonl');
    await writeJsonl(probabilities, []);
    const stderr = vi.mocked(process.stderr.write);

    await run([
      ...['sweep', '--probabilities', probabilities, '--data', dataDir, '--split', 'test'],
      ...['--out', join(dir, 'sweep.json')],
    ]);
    expect(process.exitCode).toBe(2);
    expect(String(stderr.mock.calls.at(-1)?.[0])).toContain('a sweep needs gold evidence');
  });

  it('refuses --claims-limit without a split to count claims of', async () => {
    const stderr = vi.mocked(process.stderr.write);
    await run([
      ...['--probabilities', 'p.jsonl', '--threshold', '0.5', '--nei-rule', 'strict'],
      ...['--claims-limit', '40', '--out', join(dir, 'predictions.jsonl')],
    ]);
    expect(process.exitCode).toBe(2);
    expect(String(stderr.mock.calls.at(-1)?.[0])).toBe(
      'error: --claims-limit counts claims of a split: give --data and --split\n',
    );
  });

  it('writes the baseline predictions and prints their metrics with --score', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const out = join(dir, 'baseline', 'predictions.jsonl');
    await run([
      ...['baseline', '--data', dataDir, '--split', 'dev', '--top', '3'],
      ...['--claims-limit', '30', '--score', '--out', out, '--log-level', 'silent'],
    ]);
    expect(process.exitCode).toBeUndefined();

    const predictions = await readJsonlAll<Prediction>(out);
    const first30 = await loadSplitClaims(dataDir, 'dev', { limit: 30 });
    expect(predictions.map((p) => p.id)).toEqual(first30.map((claim) => claim.id));
    const abstracts = predictions.flatMap((p) => Object.values(p.evidence));
    expect(abstracts.every((a) => a.label === 'SUPPORT' && a.sentences.length === 3)).toBe(true);

    const table = stdout.mock.calls.map((call) => String(call[0])).join('');
    expect(table).toMatch(/^metric +precision/);
    expect(table).toContain('sentence_label');
  });

  it('refuses a baseline on the test split, whose cited abstracts are hidden', async () => {
    const stderr = vi.mocked(process.stderr.write);
    await run(['baseline', '--data', dataDir, '--split', 'test', '--out', join(dir, 'p.jsonl')]);
    expect(process.exitCode).toBe(2);
    const message = String(stderr.mock.calls.at(-1)?.[0]);
    expect(message).toMatch(
      /^error: decode baseline: --split test: its cited abstracts are hidden;/,
    );
    expect(message).toMatch(/expected train, dev, fit or validation\n$/);
  });

  it('reports a usage mistake in one line with exit code 2', async () => {
    const stderr = vi.mocked(process.stderr.write);
    await run(['sweep', '--probabilities', 'p.jsonl', '--data', dataDir, '--out', 'x.json']);
    expect(process.exitCode).toBe(2);
    expect(String(stderr.mock.calls.at(-1)?.[0])).toBe(
      'error: Missing required argument: split (see --help)\n',
    );
  });

  it('names the option and the value for a bad threshold list', async () => {
    const stderr = vi.mocked(process.stderr.write);
    await run([
      ...['sweep', '--probabilities', 'x.jsonl', '--data', dataDir, '--split', 'dev'],
      ...['--thresholds', '0.3,high', '--out', join(dir, 'sweep.json')],
    ]);
    expect(process.exitCode).toBe(2);
    expect(String(stderr.mock.calls.at(-1)?.[0])).toContain(
      "--thresholds: expected numbers in [0, 1], received 'high'",
    );
  });
});
