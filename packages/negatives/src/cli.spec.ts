import { captureCli } from '@scifact/data/testing';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactKey,
  isValidationClaim,
  loadSplitClaims,
  readJsonlAll,
  sharedReleaseDir,
  type Example,
} from '@scifact/data';
import { negativesKey, run } from './cli.ts';
import { TINY_CLAIMS, TINY_CORPUS } from './fixtures/tiny.ts';

const jsonl = (records: unknown[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');

let dir: string;
let stdout: string;
let stderr: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'negatives-cli-'));
  await writeFile(join(dir, 'corpus.jsonl'), jsonl(TINY_CORPUS));
  await writeFile(join(dir, 'claims_train.jsonl'), jsonl(TINY_CLAIMS));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

afterEach(() => {
  process.exitCode = undefined;
});

async function cli(...argv: string[]) {
  ({ stdout, stderr } = await captureCli(run, argv));
}

const negatives = (out: string, ...more: string[]) =>
  cli(
    '--data',
    dir,
    '--strategy',
    'lexical',
    '--ratio',
    '1',
    '--seed',
    '42',
    '--out',
    out,
    ...more,
  );

describe('scifact negatives', () => {
  it('writes examples.jsonl and summary.json into the out folder', async () => {
    const out = join(dir, 'run');
    await negatives(out);

    const examples = (await readFile(join(out, 'examples.jsonl'), 'utf8')).trim().split('\n');
    expect(examples).toHaveLength(6);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.key).toBe(
      artifactKey({
        stage: 'negatives',
        split: 'train',
        strategy: 'lexical',
        ratio: 1,
        cited_negatives: false,
        bm25_positive_negatives: 0,
        seed: 42,
      }),
    );
    expect(summary.by_source).toEqual({ gold: 2, cited: 1, random: 0, lexical: 3, bm25: 0 });
    expect(summary.negatives).toEqual([
      { kind: 'strategy', source: 'lexical', claims: 3, asked: 3, made: 3 },
    ]);
    expect(stdout).toBe(`${out}\n`);
    expect(stderr).toContain('negatives: 3 positives from 2 claims with evidence: 2 gold, 1 cited');
    expect(stderr).toMatch(/negatives: 6 examples \(2 gold, 1 cited, 3 lexical\) from 5 train/);
  });

  it('writes byte-identical files for the same seed, and another sample for another', async () => {
    const read = (out: string) => readFile(join(out, 'examples.jsonl'), 'utf8');
    await negatives(join(dir, 'a'), '--cited-negatives', '--bm25-positives-negatives', '1');
    await negatives(join(dir, 'b'), '--cited-negatives', '--bm25-positives-negatives', '1');
    expect(await read(join(dir, 'b'))).toBe(await read(join(dir, 'a')));
    expect(await readFile(join(dir, 'b', 'summary.json'), 'utf8')).toBe(
      await readFile(join(dir, 'a', 'summary.json'), 'utf8'),
    );

    const seeds = ['1', '2', '3'];
    for (const seed of seeds) {
      await cli(
        '--data',
        dir,
        '--strategy',
        'random',
        '--ratio',
        '1',
        '--seed',
        seed,
        '--out',
        join(dir, seed),
      );
    }
    const samples = await Promise.all(seeds.map((seed) => read(join(dir, seed))));
    expect(new Set(samples).size).toBeGreaterThan(1);
  });

  it('keys the default out folder by the settings, as the grid does', () => {
    const settings = {
      split: 'train',
      strategy: 'random',
      ratio: 0.3,
      cited_negatives: false,
      bm25_positive_negatives: 0,
      seed: 42,
      claims_limit: undefined,
    };
    expect(negativesKey(settings)).toBe(artifactKey({ stage: 'negatives', ...settings }));
    expect(negativesKey({ ...settings, seed: 43 })).not.toBe(negativesKey(settings));
  });

  it('says on standard error how many it made when the claims cannot give enough', async () => {
    await cli('--data', dir, '--strategy', 'lexical', '--ratio', '10', '--out', join(dir, 'short'));
    expect(stderr).toContain(
      'warning: strategy: asked for 30, made 15: that is every pair the 3 claims offer',
    );
    expect(process.exitCode).toBeUndefined();
  });

  it('names an unknown strategy, a ratio out of range and a bad split', async () => {
    await cli('--data', dir, '--strategy', 'tfidf', '--out', join(dir, 'x'));
    expect(stderr).toBe("error: unknown strategy 'tfidf'; expected one of random, lexical, bm25\n");
    expect(process.exitCode).toBe(2);

    await cli('--data', dir, '--strategy', 'random', '--ratio', '11', '--out', join(dir, 'x'));
    expect(stderr).toBe('error: ratio: expected a ratio within [0, 10]; received 11\n');

    await cli('--data', dir, '--strategy', 'random', '--split', 'test', '--out', join(dir, 'x'));
    expect(stderr).toContain("error: split 'test' cannot give examples");
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('fails on a missing corpus, naming the file', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'negatives-empty-'));
    await cli('--data', empty, '--strategy', 'random', '--out', join(empty, 'out'));
    expect(stderr).toContain(`error: ${join(empty, 'corpus.jsonl')}: cannot read`);
    expect(process.exitCode).toBe(2);
    await rm(empty, { recursive: true });
  });

  it('fails on a claim that cites an unknown abstract, naming file, line and claim', async () => {
    const stray = await mkdtemp(join(tmpdir(), 'negatives-stray-'));
    const claims = [...TINY_CLAIMS, { id: 60, claim: 'x', evidence: {}, cited_doc_ids: [404] }];
    await writeFile(join(stray, 'corpus.jsonl'), jsonl(TINY_CORPUS));
    await writeFile(join(stray, 'claims_train.jsonl'), jsonl(claims));

    await cli('--data', stray, '--strategy', 'random', '--out', join(stray, 'out'));
    const file = join(stray, 'claims_train.jsonl');
    expect(stderr).toBe(`error: ${file}:6: claim 60: cited abstract 404 is not in the corpus\n`);
    expect(process.exitCode).toBe(2);
    expect(existsSync(join(stray, 'out'))).toBe(false);
    await rm(stray, { recursive: true });
  });

  it('draws from fit without a single validation claim, on the release', async () => {
    const release = sharedReleaseDir();
    const out = join(dir, 'fit');
    await cli(
      ...['--data', release, '--split', 'fit', '--strategy', 'random', '--cited-negatives'],
      ...['--out', out, '--log-level', 'silent'],
    );
    expect(process.exitCode).toBeUndefined();

    const examples = await readJsonlAll<Example>(join(out, 'examples.jsonl'));
    const fitIds = new Set((await loadSplitClaims(release, 'fit')).map((claim) => claim.id));
    const validation = await loadSplitClaims(release, 'validation');
    expect(validation.length).toBeGreaterThan(100);
    expect(examples.filter((example) => isValidationClaim(example.claim_id))).toEqual([]);
    expect(examples.every((example) => fitIds.has(example.claim_id))).toBe(true);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.settings.split).toBe('fit');
    expect(summary.claims.total).toBe(fitIds.size);
  });

  it('takes the carved splits of a small release, keyed by their name', async () => {
    // Of the tiny claims 10 to 50, only claim 50 falls in the validation carve.
    const claimIds = async (out: string) => {
      const examples = await readJsonlAll<Example>(join(out, 'examples.jsonl'));
      return [...new Set(examples.map((example) => example.claim_id))].sort((a, b) => a - b);
    };
    await negatives(join(dir, 'tiny-fit'), '--split', 'fit', '--cited-negatives');
    await negatives(join(dir, 'tiny-validation'), '--split', 'validation', '--cited-negatives');

    expect(await claimIds(join(dir, 'tiny-fit'))).toEqual([10, 20, 30, 40]);
    expect(await claimIds(join(dir, 'tiny-validation'))).toEqual([50]);
    expect(stderr).toMatch(/from 1 validation claims ->/);
  });

  it('takes only the first claims with --claims-limit', async () => {
    await negatives(join(dir, 'limited'), '--claims-limit', '3');
    const summary = JSON.parse(await readFile(join(dir, 'limited', 'summary.json'), 'utf8'));
    expect(summary.claims).toEqual({ total: 3, with_evidence: 2, without_evidence: 1 });
    expect(summary.settings.claims_limit).toBe(3);

    await negatives(join(dir, 'limited'), '--claims-limit', '0');
    expect(stderr).toContain('error: --claims-limit: expected a positive integer, received 0');
  });
});
