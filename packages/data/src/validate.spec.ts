import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from './errors.ts';
import { copyFixture, FIXTURE_RELEASE, makeTempDir } from './fixtures/support.ts';
import { sharedReleaseDir, type ReleaseFile } from './layout.ts';
import { computeStats } from './stats.ts';
import {
  countRelease,
  describeCounts,
  findBadReference,
  loadClaims,
  loadCorpus,
  loadRelease,
} from './validate.ts';

let dir: string;
let remove: () => Promise<void>;

beforeEach(async () => ({ dir, remove } = await makeTempDir()));
afterEach(() => remove());

/** The fixture with one file's text rewritten, and the path of that file. */
async function breakFixture(file: ReleaseFile, change: (text: string) => string) {
  await copyFixture(dir, { file, change });
  return join(dir, file);
}

describe('loadRelease', () => {
  it('reads every split and the corpus of a valid release', async () => {
    const release = await loadRelease(FIXTURE_RELEASE);

    expect(countRelease(release)).toEqual({ train: 3, dev: 2, test: 2, corpus: 5 });
    expect(release.claims.dev[0]).toEqual({
      id: 4,
      claim: 'One night without sleep impairs recall.',
      evidence: { '33': [{ sentences: [0, 1], label: 'SUPPORT' }] },
      cited_doc_ids: [33, 55],
    });
    expect(release.corpus.get(22)?.abstract).toHaveLength(3);
  });

  it('rejects a cited abstract that is not in the corpus', async () => {
    const file = await breakFixture('claims_dev.jsonl', (text) =>
      text.replace('"cited_doc_ids": [55]', '"cited_doc_ids": [99]'),
    );
    await expect(loadRelease(dir)).rejects.toThrow(
      `${file}:2: claim 5: cited abstract 99 is not in the corpus`,
    );
  });

  it('rejects an evidence sentence past the end of its abstract', async () => {
    const file = await breakFixture('claims_train.jsonl', (text) =>
      text.replace('"sentences": [1, 2]', '"sentences": [1, 3]'),
    );
    const found = 'holds 3, but abstract 22 has 3 sentences (indices 0-2)';
    await expect(loadRelease(dir)).rejects.toThrow(
      `${file}:2: claim 2: evidence["22"][0].sentences ${found}`,
    );
  });

  it('rejects a claim id used in two splits', async () => {
    const file = await breakFixture('claims_test.jsonl', (text) =>
      text.replace('"id": 7', '"id": 2'),
    );
    await expect(loadRelease(dir)).rejects.toThrow(
      `${file}:2: claim 2 repeats the id of the claim at claims_train.jsonl:2`,
    );
  });

  it('names the split file of a record with a bad field', async () => {
    const file = await breakFixture('claims_test.jsonl', (text) =>
      text.replace('"claim": "Coffee', '"x": 5, "claim": "Coffee'),
    );
    const error = await loadRelease(dir).catch((e) => e);

    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ file, line: 1 });
    const problem = 'the record has a field "x"; expected only id, claim';
    expect(error.message).toBe(`${file}:1: claim 6: ${problem}`);
  });
});

describe('loadClaims', () => {
  it('reads one split, test claims without evidence', async () => {
    expect(await loadClaims(FIXTURE_RELEASE, 'test')).toEqual([
      { id: 6, claim: 'Coffee lowers heart rate.' },
      { id: 7, claim: 'Vitamin D has adverse events.' },
    ]);
  });

  it('rejects a repeated claim id within a split', async () => {
    const file = await breakFixture('claims_train.jsonl', (text) =>
      text.replace('"id": 3', '"id": 1'),
    );
    await expect(loadClaims(dir, 'train')).rejects.toThrow(
      `${file}:3: claim 1 repeats the id of the claim at claims_train.jsonl:1`,
    );
  });

  it('names the file of a missing split', async () => {
    const file = join(dir, 'claims_dev.jsonl');
    await expect(loadClaims(dir, 'dev')).rejects.toThrow(`${file}: cannot read: ENOENT`);
  });
});

describe('loadCorpus', () => {
  it('keys abstracts by doc id', async () => {
    const corpus = await loadCorpus(FIXTURE_RELEASE);
    expect([...corpus.keys()]).toEqual([11, 22, 33, 44, 55]);
  });

  it('rejects a repeated doc id', async () => {
    const file = await breakFixture('corpus.jsonl', (text) =>
      text.replace('"doc_id": 44', '"doc_id": 11'),
    );
    await expect(loadCorpus(dir)).rejects.toThrow(
      `${file}:4: abstract 11 repeats the doc id of the abstract on line 1`,
    );
  });

  it('rejects an empty sentence', async () => {
    const file = await breakFixture('corpus.jsonl', (text) =>
      text.replace('"Coffee raises heart rate briefly."', '""'),
    );
    await expect(loadCorpus(dir)).rejects.toThrow(`${file}:4: abstract 44: abstract[0] is ""`);
  });
});

describe('findBadReference', () => {
  const doc = { doc_id: 7, title: 'T', abstract: ['One.', 'Two.'], structured: false };
  const corpus = new Map([[7, doc]]);
  const claim = { id: 3, claim: 'C', cited_doc_ids: [7], evidence: {} };

  it('finds nothing wrong with references inside the corpus', () => {
    const evidence = { '7': [{ sentences: [0, 1], label: 'SUPPORT' as const }] };
    expect(findBadReference({ ...claim, evidence }, corpus)).toBeUndefined();
    expect(findBadReference({ id: 4, claim: 'test claims cite nothing' }, corpus)).toBeUndefined();
  });

  it('names the claim and the abstract or sentence that is missing', () => {
    expect(findBadReference({ ...claim, cited_doc_ids: [7, 9] }, corpus)).toBe(
      'claim 3: cited abstract 9 is not in the corpus',
    );
    const elsewhere = { '9': [{ sentences: [0], label: 'SUPPORT' as const }] };
    expect(findBadReference({ ...claim, evidence: elsewhere }, corpus)).toBe(
      'claim 3: evidence abstract 9 is not in the corpus',
    );
    const outside = { '7': [{ sentences: [2], label: 'CONTRADICT' as const }] };
    expect(findBadReference({ ...claim, evidence: outside }, corpus)).toBe(
      'claim 3: evidence["7"][0].sentences holds 2, but abstract 7 has 2 sentences (indices 0-1)',
    );
  });
});

describe('the official release', () => {
  it('validates with the published counts', async () => {
    const release = await loadRelease(sharedReleaseDir());
    const counts = countRelease(release);
    const [train, dev] = computeStats(release).splits;

    expect(describeCounts(counts)).toBe('809/300/300 claims (train/dev/test), 5183 abstracts');
    expect(train.evidence).toMatchObject({ rationaleSets: 957, claimsWithoutEvidence: 304 });
    expect(dev.evidence?.rationaleSentences).toBe(366);
    const { SUPPORT, CONTRADICT } = dev.evidence!.evidenceAbstracts;
    expect(SUPPORT + CONTRADICT).toBe(209);
  });
});
