import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPredictions } from './check.ts';
import { goldClaim } from './fixtures/claims.ts';
import { makeTemporaryDir, removeTemporaryDirs } from './fixtures/workspace.ts';
import { prepareGold } from './gold.ts';
import { corpusSizesOf, readCorpusSizes, readPredictions } from './read.ts';

afterAll(removeTemporaryDirs);

const GOLD = prepareGold([
  goldClaim(1, { '7': { label: 'SUPPORT', sets: [[2]] } }),
  goldClaim(2),
  goldClaim(3),
]);
const CORPUS = new Map([
  [7, 10],
  [8, 5],
  [9, 3],
]);
const FILE = 'predictions.jsonl';

/** Checks the given records as lines 1, 2, … of a prediction file. */
function check(...values: unknown[]) {
  return checkPredictions(
    values.map((value, index) => ({ value, line: index + 1 })),
    GOLD,
    CORPUS,
    FILE,
  );
}

const good = { id: 1, evidence: { '7': { sentences: [2, 3], label: 'SUPPORT' } } };

describe('checkPredictions accepts', () => {
  it('valid predictions, in file order, warning of claims without a prediction', () => {
    const checked = check(good, { id: 3, evidence: {} });

    expect(checked.predictions).toEqual([good, { id: 3, evidence: {} }]);
    expect(checked.warnings).toEqual([
      '1 of 3 gold claims have no prediction (first: claim 2); each counts as predicting nothing, and its gold evidence still counts in recall.',
    ]);
    expect(checked.notes).toEqual([]);
  });

  it('repeated sentence indices, with a warning that says how they count', () => {
    const checked = check(
      { id: 1, evidence: { '7': { sentences: [2, 4, 2], label: 'SUPPORT' } } },
      { id: 2, evidence: { '8': { sentences: [0, 0], label: 'SUPPORT' } } },
      { id: 3, evidence: {} },
    );

    expect(checked.warnings).toEqual([
      '2 predicted abstract(s) list a sentence more than once (first: predictions.jsonl:1, claim 1, abstract 7, sentence 2). As in the official evaluator, every listed sentence counts as retrieved, a repeat earns no credit, and it takes one of the first 3 places abstract-level scoring reads.',
    ]);
  });

  it('NOT_ENOUGH_INFO labels, with a warning that they are skipped', () => {
    const checked = check(
      { id: 1, evidence: {} },
      { id: 2, evidence: { '8': { sentences: [], label: 'NOT_ENOUGH_INFO' } } },
      { id: 3, evidence: {} },
    );

    expect(checked.warnings).toEqual([
      '1 predicted abstract(s) are labelled NOT_ENOUGH_INFO (first: predictions.jsonl:2, claim 2, abstract 8). They are not predictions: they are skipped, as the official metrics skip them.',
    ]);
  });

  it('more than 3 sentences, with a note on how each level reads them', () => {
    const checked = check(
      { id: 1, evidence: { '7': { sentences: [0, 1, 2, 3], label: 'SUPPORT' } } },
      { id: 2, evidence: {} },
      { id: 3, evidence: {} },
    );

    expect(checked.warnings).toEqual([]);
    expect(checked.notes).toEqual([
      '1 predicted abstract(s) list more than 3 sentences (first: predictions.jsonl:1, claim 1, abstract 7); abstract-level scoring reads the first 3, sentence-level scoring all of them.',
    ]);
  });
});

describe('checkPredictions rejects, naming file and line', () => {
  const cases: [string, unknown, string][] = [
    [
      'a record that is not an object',
      [1],
      'expected a prediction object {"id", "evidence"}, received [1]',
    ],
    [
      'a claim id that is not an integer',
      { id: '1', evidence: {} },
      'expected an integer claim id, received "1"',
    ],
    [
      'an unknown claim id',
      { id: 99, evidence: {} },
      'unknown claim id 99: it is not among the 3 gold claims',
    ],
    [
      'missing evidence',
      { id: 1 },
      'claim 1: expected evidence to be an object keyed by doc id, received nothing',
    ],
    [
      'an abstract key that is not a doc id',
      { id: 1, evidence: { '07': { sentences: [], label: 'SUPPORT' } } },
      'claim 1: abstract key "07" is not a doc id (decimal digits, no leading zero)',
    ],
    [
      'an abstract not in the corpus',
      { id: 1, evidence: { '12': { sentences: [], label: 'SUPPORT' } } },
      'claim 1: unknown abstract 12: it is not in the corpus',
    ],
    [
      'an abstract entry that is not an object',
      { id: 1, evidence: { '7': [2] } },
      'claim 1, abstract 7: expected {"sentences", "label"}, received [2]',
    ],
    [
      'an unknown label',
      { id: 1, evidence: { '7': { sentences: [2], label: 'REFUTES' } } },
      'claim 1, abstract 7: unknown label "REFUTES"; expected SUPPORT or CONTRADICT (NOT_ENOUGH_INFO is skipped)',
    ],
    [
      'sentences that are not integers',
      { id: 1, evidence: { '7': { sentences: [1.5], label: 'SUPPORT' } } },
      'claim 1, abstract 7: expected sentences to be an array of integers, received [1.5]',
    ],
    [
      'a sentence index past the end of its abstract',
      { id: 1, evidence: { '9': { sentences: [0, 3], label: 'SUPPORT' } } },
      'claim 1, abstract 9: sentence index 3 is outside the abstract, which has 3 sentences (0 to 2)',
    ],
    [
      'a negative sentence index',
      { id: 1, evidence: { '9': { sentences: [-1], label: 'SUPPORT' } } },
      'claim 1, abstract 9: sentence index -1 is outside the abstract, which has 3 sentences (0 to 2)',
    ],
  ];

  it.each(cases)('%s', (_, value, message) => {
    expect(() => check({ id: 3, evidence: {} }, value)).toThrow(`predictions.jsonl:2: ${message}`);
  });

  it('a claim predicted twice, with the line of its first prediction', () => {
    expect(() => check(good, { id: 2, evidence: {} }, good)).toThrow(
      'predictions.jsonl:3: claim 1 is predicted twice (first at line 1)',
    );
  });

  it('quotes a long bad value only in part', () => {
    const long = { id: 1, evidence: { '7': { sentences: 'x'.repeat(200), label: 'SUPPORT' } } };

    expect(() => check(long)).toThrow(`received "${'x'.repeat(79)}…`);
  });
});

describe('readPredictions and readCorpusSizes', () => {
  it('read a prediction file, skipping blank lines and keeping line numbers', async () => {
    const file = join(makeTemporaryDir(), 'predictions.jsonl');
    writeFileSync(file, `${JSON.stringify(good)}\n\n{"id": 1, "evidence": {}}\n`);

    await expect(readPredictions(file, GOLD, CORPUS)).rejects.toThrow(
      `${file}:3: claim 1 is predicted twice (first at line 1)`,
    );
  });

  it('name a line that is not JSON', async () => {
    const file = join(makeTemporaryDir(), 'predictions.jsonl');
    writeFileSync(file, '{"id": 1,\n');

    await expect(readPredictions(file, GOLD, CORPUS)).rejects.toThrow(`${file}:1: not valid JSON`);
  });

  it('read abstract sizes from a corpus and reject a bad or repeated doc', async () => {
    const folder = makeTemporaryDir();
    const doc = { doc_id: 7, title: 't', abstract: ['a', 'b'], structured: false };
    writeFileSync(join(folder, 'ok.jsonl'), `${JSON.stringify(doc)}\n`);
    writeFileSync(join(folder, 'twice.jsonl'), `${JSON.stringify(doc)}\n${JSON.stringify(doc)}\n`);
    writeFileSync(join(folder, 'bad.jsonl'), '{"doc_id": "7"}\n');

    expect(await readCorpusSizes(join(folder, 'ok.jsonl'))).toEqual(new Map([[7, 2]]));
    expect(corpusSizesOf([doc])).toEqual(new Map([[7, 2]]));
    await expect(readCorpusSizes(join(folder, 'twice.jsonl'))).rejects.toThrow(
      `${join(folder, 'twice.jsonl')}:2: doc 7 appears twice in the corpus`,
    );
    await expect(readCorpusSizes(join(folder, 'bad.jsonl'))).rejects.toThrow(
      `${join(folder, 'bad.jsonl')}:1: expected a corpus record with an integer doc_id and an abstract array`,
    );
  });
});
