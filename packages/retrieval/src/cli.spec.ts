import { captureCli } from '@scifact/data/testing';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from './cli.ts';

const CORPUS = [
  { doc_id: 11, title: 'Statins and muscle pain', abstract: ['Statins cause myalgia.'] },
  { doc_id: 12, title: 'Vitamin D', abstract: ['Vitamin D supplements and fractures.'] },
  { doc_id: 13, title: 'Sleep', abstract: ['Sleep loss impairs memory.'] },
].map((doc) => ({ ...doc, structured: false }));

const CLAIMS = [
  {
    id: 1,
    claim: 'Statins cause muscle pain.',
    evidence: { '11': [{ sentences: [0], label: 'SUPPORT' }] },
    cited_doc_ids: [11],
  },
  { id: 2, claim: 'Vitamin D prevents fractures.', evidence: {}, cited_doc_ids: [12] },
];

const jsonl = (records: unknown[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');

let dir: string;
let stdout: string;
let stderr: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'retrieval-cli-'));
  await writeFile(join(dir, 'corpus.jsonl'), jsonl(CORPUS));
  await writeFile(join(dir, 'claims_dev.jsonl'), jsonl(CLAIMS));
  // Claim 13 falls in the validation carve of train and claim 14 in fit.
  const train = CLAIMS.map((claim, i) => ({ ...claim, id: 13 + i }));
  await writeFile(join(dir, 'claims_train.jsonl'), jsonl(train));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  ({ stdout, stderr } = await captureCli(run, argv));
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('scifact retrieval', () => {
  it('writes the top k abstracts per claim as rankings.jsonl', async () => {
    const out = join(dir, 'rankings.jsonl');
    await cli('--data', dir, '--split', 'dev', '--k', '2', '--out', out);

    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((line) => line.claim_id)).toEqual([1, 2]);
    expect(lines[0].ranking[0].doc_id).toBe(11);
    expect(lines[1].ranking.map((hit: { doc_id: number }) => hit.doc_id)).toEqual([12]);
    expect(stderr).toMatch(/retrieval: 2 dev claims, top 2 of 3 abstracts .* in \d/);
    expect(process.exitCode).toBeUndefined();
  });

  it('ranks the claims of a split carved from train', async () => {
    const claimIds = () =>
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).claim_id);
    await cli('--data', dir, '--split', 'validation', '--k', '1', '--log-level', 'silent');
    expect(claimIds()).toEqual([13]);
    await cli('--data', dir, '--split', 'fit', '--k', '1', '--log-level', 'silent');
    expect(claimIds()).toEqual([14]);
  });

  it('writes rankings to standard output without --out', async () => {
    await cli('--data', dir, '--k', '1', '--log-level', 'silent');
    expect(
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).claim_id),
    ).toEqual([1, 2]);
    expect(stderr).toBe('');
  });

  it('evaluate prints the metrics as JSON and a table beside the references', async () => {
    const out = join(dir, 'metrics.json');
    await cli('evaluate', '--data', dir, '--split', 'dev', '--out', out);

    const printed = JSON.parse(stdout);
    expect(printed.cited).toMatchObject({ claims: 2, relevant: 2, 'recall@1': 1, 'ndcg@10': 1 });
    expect(printed.verisci).toEqual({ claims: 2, 'hit_one@3': 1, 'hit_all@3': 1 });
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(printed);
    expect(stderr).toContain('reference: BM25 (Anserini) on BEIR SciFact, nDCG@10 0.679');
    expect(stderr).toMatch(/retrieval evaluate: 2 dev claims, .*nDCG@10 1\.000/);
  });

  it('evaluate scores a rankings file it is given', async () => {
    const rankings = join(dir, 'given.jsonl');
    await writeFile(
      rankings,
      jsonl([
        {
          claim_id: 1,
          ranking: [
            { doc_id: 13, score: 2 },
            { doc_id: 11, score: 1 },
          ],
        },
        { claim_id: 2, ranking: [{ doc_id: 12, score: 1 }] },
      ]),
    );
    await cli('evaluate', '--data', dir, '--rankings', rankings);
    expect(JSON.parse(stdout).cited['recall@1']).toBe(0.5);
  });

  it('fails with the file and line of a malformed rankings record', async () => {
    const rankings = join(dir, 'bad.jsonl');
    await writeFile(rankings, jsonl([{ claim_id: 1, ranking: [] }, { claim_id: 2 }]));
    await cli('evaluate', '--data', dir, '--rankings', rankings);
    expect(stderr).toContain(
      `${rankings}:2: claim 2: expected ranking to be [{"doc_id", "score"}]`,
    );
    expect(process.exitCode).toBe(2);
  });

  it('fails with the file and line of a claim ranked twice', async () => {
    const rankings = join(dir, 'twice.jsonl');
    const ranking = [{ doc_id: 11, score: 1 }];
    await writeFile(rankings, jsonl([1, 2, 1].map((claimId) => ({ claim_id: claimId, ranking }))));
    await cli('evaluate', '--data', dir, '--rankings', rankings);
    expect(stderr).toBe(`error: ${rankings}:3: claim 1 is ranked again (first at line 1)\n`);
    expect(process.exitCode).toBe(2);
  });

  it('fails clearly on a missing corpus, a bad k and an unknown option', async () => {
    await cli('--data', join(dir, 'nowhere'), '--split', 'dev');
    expect(stderr).toMatch(/error: .*nowhere\/corpus\.jsonl/);
    expect(process.exitCode).toBe(2);

    await cli('--data', dir, '--k', '0');
    expect(stderr).toContain('error: --k: expected a positive integer, received 0');

    await cli('--data', dir, '--kk', '3');
    expect(stderr).toBe('error: Unknown argument: kk (see --help)\n');
    expect(process.exitCode).toBe(2);
  });
});
