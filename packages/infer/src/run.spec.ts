import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createLogger,
  isValidationClaim,
  loadCorpus,
  loadSplitClaims,
  readJsonlAll,
  writeJsonl,
  type ProbabilityRecord,
} from '@scifact/data';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from './cli.ts';
import { buildCandidates, runInfer, type InferSettings } from './run.ts';

const tinyModelDir = fileURLToPath(new URL('../fixtures/tiny-model', import.meta.url));
const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = join(workspaceRoot, '../shared/data/scifact');
const silent = createLogger('silent');

describe('runInfer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'infer-run-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const oracleDev = (out: string): InferSettings => ({
    modelDir: tinyModelDir,
    dataDir,
    split: 'dev',
    candidates: 'oracle',
    // The 30th dev claim (id 133) cites five abstracts.
    claimsLimit: 30,
    threads: 1,
    out,
  });

  it('scores every cited abstract of each claim, one record per (claim, abstract)', async () => {
    const summary = await runInfer(oracleDev(join(dir, 'a')), silent);
    const records = await readJsonlAll<ProbabilityRecord>(join(dir, 'a', 'probabilities.jsonl'));

    const claim133 = records.filter((r) => r.claim_id === 133);
    expect(claim133.map((r) => [r.doc_id, r.rank])).toEqual([
      [38485364, 1],
      [6969753, 2],
      [17934082, 3],
      [16280642, 4],
      [12640810, 5],
    ]);
    expect(records.every((r) => r.source === 'oracle' && !('retrieval_score' in r))).toBe(true);
    expect(new Set(records.map((r) => r.claim_id)).size).toBe(30);

    const written = JSON.parse(await readFile(join(dir, 'a', 'summary.json'), 'utf8'));
    expect(written).toMatchObject({
      split: 'dev',
      candidates: 'oracle',
      claims: 30,
      abstracts: records.length,
      provider: 'cpu',
    });
    expect(summary.key).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is deterministic: two runs write byte-identical probabilities', async () => {
    await runInfer({ ...oracleDev(join(dir, 'a')), claimsLimit: 10 }, silent);
    await runInfer({ ...oracleDev(join(dir, 'b')), claimsLimit: 10 }, silent);
    const first = await readFile(join(dir, 'a', 'probabilities.jsonl'), 'utf8');
    const second = await readFile(join(dir, 'b', 'probabilities.jsonl'), 'utf8');
    expect(second).toBe(first);
  });

  it('refuses oracle candidates on the test split, which hides citations', async () => {
    const settings = { ...oracleDev(join(dir, 'a')), split: 'test' as const };
    await expect(runInfer(settings, silent)).rejects.toThrow(
      "oracle candidates need each claim's cited_doc_ids, and claim 7 has none",
    );
  });

  it('scores the top k ranked abstracts of test claims, keeping rank and score', async () => {
    const rankings = join(dir, 'rankings.jsonl');
    const corpusIds = [...(await loadCorpus(dataDir)).keys()];
    const testClaims = await loadSplitClaims(dataDir, 'test', { limit: 4 });
    await writeJsonl(
      rankings,
      testClaims.map((claim, i) => ({
        claim_id: claim.id,
        ranking: [0, 1, 2, 3].map((j) => ({ doc_id: corpusIds[i * 4 + j], score: 9 - j })),
      })),
    );

    const out = join(dir, 'open');
    await runInfer(
      {
        ...oracleDev(out),
        ...{ split: 'test', candidates: 'open', k: 2, rankingsFile: rankings, claimsLimit: 4 },
      },
      silent,
    );
    const records = await readJsonlAll<ProbabilityRecord>(join(out, 'probabilities.jsonl'));
    expect(records.map((r) => [r.claim_id, r.doc_id, r.rank, r.retrieval_score])).toEqual(
      testClaims.flatMap((claim, i) => [
        [claim.id, corpusIds[i * 4], 1, 9],
        [claim.id, corpusIds[i * 4 + 1], 2, 8],
      ]),
    );
    expect(records.every((r) => r.source === 'open')).toBe(true);
  });
});

describe('buildCandidates with BM25 in-process', () => {
  it('ranks the corpus for each claim and keeps the top k with their scores', async () => {
    const corpus = await loadCorpus(dataDir);
    const [claim] = await loadSplitClaims(dataDir, 'dev');
    // A small corpus that holds the claim's cited abstract, so the index builds fast.
    const docs = [...corpus.values()].slice(0, 200);
    const cited = corpus.get(claim.cited_doc_ids![0])!;
    const small = new Map([...docs, cited].map((doc) => [doc.doc_id, doc]));

    const settings = { ...baseSettings(), candidates: 'open' as const, k: 3 };
    const candidates = await buildCandidates(settings, [claim], small, silent);
    expect(candidates.map((c) => c.rank)).toEqual([1, 2, 3]);
    expect(candidates.every((c) => c.source === 'open' && c.claimId === claim.id)).toBe(true);
    const scores = candidates.map((c) => c.retrievalScore!);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores[2]).toBeGreaterThan(0);
  });
});

function baseSettings(): InferSettings {
  return { modelDir: tinyModelDir, dataDir, split: 'dev', candidates: 'oracle' };
}

describe('infer CLI', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'infer-cli-'));
    process.exitCode = undefined;
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the output folder and prints its path on standard output', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const out = join(dir, 'out');
    await run([
      ...['--model', tinyModelDir, '--data', dataDir, '--split', 'dev'],
      ...['--candidates', 'oracle', '--claims-limit', '2', '--threads', '1'],
      ...['--out', out, '--log-level', 'silent'],
    ]);
    expect(process.exitCode).toBeUndefined();
    expect(stdout).toHaveBeenCalledWith(`${out}\n`);
    const records = await readJsonlAll(join(out, 'probabilities.jsonl'));
    expect(records).toHaveLength(2);
  });

  it('takes a split carved from train, and the first claims of it in file order', async () => {
    const out = join(dir, 'validation');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await run([
      ...['--model', tinyModelDir, '--data', dataDir, '--split', 'validation'],
      ...['--candidates', 'oracle', '--claims-limit', '3', '--threads', '1'],
      ...['--out', out, '--log-level', 'silent'],
    ]);
    expect(process.exitCode).toBeUndefined();

    const records = await readJsonlAll<ProbabilityRecord>(join(out, 'probabilities.jsonl'));
    const claimIds = [...new Set(records.map((record) => record.claim_id))];
    const validation = await loadSplitClaims(dataDir, 'validation');
    expect(claimIds).toEqual(validation.slice(0, 3).map((claim) => claim.id));
    expect(claimIds.every(isValidationClaim)).toBe(true);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ split: 'validation', claims: 3 });
  });

  it('names the option of a bad value', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await run([
      ...['--model', tinyModelDir, '--data', dataDir, '--split', 'dev'],
      ...['--candidates', 'open', '--k', '0', '--out', join(dir, 'out')],
    ]);
    expect(process.exitCode).toBe(2);
    expect(stderr).toHaveBeenCalledWith('error: --k: expected a positive integer, received 0\n');
  });

  it('reports a usage mistake in one line with exit code 2', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await run([
      ...['--model', tinyModelDir, '--data', dataDir, '--split', 'dev'],
      ...['--candidates', 'oracle', '--treads', '2'],
    ]);
    expect(process.exitCode).toBe(2);
    expect(stderr).toHaveBeenCalledWith('error: Unknown argument: treads (see --help)\n');
  });
});
