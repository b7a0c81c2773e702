import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readProbabilities } from './probabilities.ts';

const line = (claimId: number, docId: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    claim_id: claimId,
    doc_id: docId,
    source: 'open',
    rank: 1,
    retrieval_score: 12.5,
    label_probs: [0.5, 0.25, 0.25],
    sentence_probs: [0.1, 0.9],
    ...extra,
  });

describe('readProbabilities', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'data-probabilities-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads every record of a valid file', async () => {
    const file = join(dir, 'probabilities.jsonl');
    await writeFile(file, `${line(1, 10)}\n${line(1, 11)}\n`);
    const records = await readProbabilities(file);
    expect(records.map((r) => r.doc_id)).toEqual([10, 11]);
    expect(records[0].retrieval_score).toBe(12.5);
  });

  it('names the file, line and pair of a repeated (claim, abstract)', async () => {
    const file = join(dir, 'probabilities.jsonl');
    await writeFile(file, `${line(1, 10)}\n${line(1, 10)}\n`);
    await expect(readProbabilities(file)).rejects.toThrow(
      `${file}:2: claim 1, doc 10 appears again (first at line 1)`,
    );
  });

  it('names the field and the value received when a record is malformed', async () => {
    const file = join(dir, 'probabilities.jsonl');
    await writeFile(file, `${line(1, 10, { label_probs: [0.5, 0.5] })}\n`);
    await expect(readProbabilities(file)).rejects.toThrow(
      `${file}:1: claim 1, doc 10: expected label_probs as 3 probabilities, received [0.5,0.5]`,
    );
  });
});
