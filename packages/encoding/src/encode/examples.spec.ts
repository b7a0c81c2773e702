import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Example } from '@scifact/data';
import { temporaryDir, writeLines } from '../fixtures/tiny-release.ts';
import { idOf, tinyTokenizer } from '../fixtures/tiny-tokenizer.ts';
import { encodeExamples, encodeExamplesFile } from './examples.ts';

const CLS = 2;
const SEP = 3;
const tokenizer = tinyTokenizer();

function exampleOf(fields: Partial<Example>): Example {
  return {
    id: '1:10',
    claim_id: 1,
    doc_id: 10,
    claim: 'claim',
    title: 'title',
    sentences: ['one', 'two three', 'four'],
    evidence: [1],
    label: 'SUPPORT',
    source: 'gold',
    ...fields,
  };
}

async function writeExamples(records: unknown[]): Promise<string> {
  const file = join(temporaryDir(), 'examples.jsonl');
  await writeLines(file, records);
  return file;
}

describe('encodeExamples', () => {
  it('adds the features of the kept sentences, computed over the whole abstract', () => {
    const rowsOf = (_claim: string, sentences: readonly string[]) =>
      sentences.map((_, index) => [index, sentences.length]);
    const limits = { maxSentences: 2 };

    const first = encodeExamples([exampleOf({})], tokenizer, limits, { features: rowsOf });
    const evidence = encodeExamples([exampleOf({ evidence: [2] })], tokenizer, limits, {
      features: rowsOf,
      window: 'evidence',
    });

    expect(first.records[0].sentence_features).toEqual([
      [0, 3],
      [1, 3],
    ]);
    expect(evidence.records[0].sentence_features).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(encodeExamples([exampleOf({})], tokenizer).records[0]).not.toHaveProperty(
      'sentence_features',
    );
  });

  it('writes the trainer record: ids, [SEP] positions, evidence labels, label index', () => {
    const { records } = encodeExamples(
      [exampleOf({}), exampleOf({ id: '2:10', label: 'NOT_ENOUGH_INFO', evidence: [] })],
      tokenizer,
    );
    const [claim, one, two, three, four] = ['claim', 'one', 'two', 'three', 'four'].map(idOf);
    expect(records[0]).toEqual({
      id: '1:10',
      input_ids: [CLS, claim, SEP, one, SEP, two, three, SEP, four, SEP],
      sentence_positions: [4, 7, 9],
      evidence_labels: [0, 1, 0],
      label: 0,
    });
    expect(records[1]).toMatchObject({ id: '2:10', evidence_labels: [0, 0, 0], label: 2 });
    const contradict = encodeExamples([exampleOf({ label: 'CONTRADICT' })], tokenizer);
    expect(contradict.records[0].label).toBe(1);
  });

  it('counts omitted sentences and the evidence they held', () => {
    const examples = [
      exampleOf({ evidence: [2] }),
      exampleOf({ id: '3:10', evidence: [0, 2] }),
      exampleOf({ id: '4:10', claim: 'one two three four five' }),
    ];
    const { records, summary } = encodeExamples(examples, tokenizer, {
      maxSentences: 2,
      maxClaimTokens: 4,
    });

    expect(records[0].evidence_labels).toEqual([0, 0]);
    expect(records[1].evidence_labels).toEqual([1, 0]);
    expect(summary).toMatchObject({
      examples: 3,
      sentences: 9,
      omittedSentences: 3,
      examplesWithOmitted: 3,
      evidenceSentences: 4,
      evidenceLost: 2,
      examplesWithAllEvidenceLost: 1,
      truncatedClaims: 1,
      unknownTokens: 0,
    });
    expect(summary.tokens).toBe(records.reduce((sum, r) => sum + r.input_ids.length, 0));
  });

  it('keeps the run of sentences with the most evidence under the evidence window', () => {
    const sentences = ['one', 'two', 'three', 'four', 'one two'];
    const examples = [
      exampleOf({ sentences, evidence: [3, 4] }),
      exampleOf({ id: '2:10', sentences, evidence: [], label: 'NOT_ENOUGH_INFO' }),
    ];
    const limits = { maxSentences: 2 };

    const first = encodeExamples(examples, tokenizer, limits);
    const focused = encodeExamples(examples, tokenizer, limits, { window: 'evidence' });

    expect(first.records[0].evidence_labels).toEqual([0, 0]);
    expect(first.summary.evidenceLost).toBe(2);
    const [one, two, four] = ['one', 'two', 'four'].map(idOf);
    expect(focused.records[0]).toMatchObject({
      input_ids: [CLS, idOf('claim'), SEP, four, SEP, one, two, SEP],
      evidence_labels: [1, 1],
    });
    expect(focused.records[1]).toEqual(first.records[1]);
    expect(focused.summary).toMatchObject({ evidenceLost: 0, omittedSentences: 6 });
  });

  it('fails naming an unknown window and the allowed ones', () => {
    expect(() => encodeExamples([], tokenizer, {}, { window: 'middle' as never })).toThrow(
      'window: expected one of first, evidence, got "middle"',
    );
  });

  it('counts [UNK] ids and sentences cut to the cap', () => {
    const example = exampleOf({ sentences: ['one zebra', 'one two three four'], evidence: [1] });
    const { summary } = encodeExamples([example], tokenizer, { maxSentenceTokens: 2 });
    expect(summary).toMatchObject({
      unknownTokens: 1,
      truncatedSentences: 1,
      evidenceTruncated: 1,
    });
  });

  it('fails naming the example whose evidence is not among its sentences', () => {
    expect(() => encodeExamples([exampleOf({ id: '7:70', evidence: [3] })], tokenizer)).toThrow(
      'example "7:70": evidence sentence 3 is not among its 3 sentences',
    );
  });
});

describe('encodeExamplesFile', () => {
  it('reads examples.jsonl and encodes it', async () => {
    const file = await writeExamples([exampleOf({}), exampleOf({ id: '2:10' })]);
    const { records } = await encodeExamplesFile(file, tokenizer);
    expect(records.map((record) => record.id)).toEqual(['1:10', '2:10']);
  });

  it('names the file, line and example of evidence that does not fit', async () => {
    const file = await writeExamples([exampleOf({}), exampleOf({ id: '5:50', evidence: [-1] })]);
    await expect(encodeExamplesFile(file, tokenizer)).rejects.toThrow(
      `${file}:2: example "5:50": evidence sentence -1 is not among its 3 sentences`,
    );
  });

  it('names the file, line and example of a malformed record', async () => {
    const file = await writeExamples([exampleOf({ id: '6:60', label: 'MAYBE' as never })]);
    await expect(encodeExamplesFile(file, tokenizer)).rejects.toThrow(
      `${file}:1: example "6:60": expected "label" to be one of SUPPORT, CONTRADICT, NOT_`,
    );
  });
});
