import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { goldClaim } from './fixtures/claims.ts';
import { makeTemporaryDir, removeTemporaryDirs, SCIFACT_DIR } from './fixtures/workspace.ts';
import { checkGoldClaim, prepareGold } from './gold.ts';
import { readGoldClaims } from './read.ts';

afterAll(removeTemporaryDirs);

describe('prepareGold', () => {
  it('finds 209 evidence abstracts and 366 rationale sentences in the dev split', async () => {
    const gold = prepareGold(await readGoldClaims(join(SCIFACT_DIR, 'claims_dev.jsonl')));

    expect(gold.claims.size).toBe(300);
    expect(gold.relevantAbstracts).toBe(209);
    expect(gold.relevantSentences).toBe(366);
  });

  it('keeps one label per abstract and the rationale sets in order', () => {
    const gold = prepareGold([
      goldClaim(3, { '14': { label: 'CONTRADICT', sets: [[2, 5], [7]] } }),
    ]);

    expect(gold.claims.get(3)?.abstracts.get('14')).toEqual({
      label: 'CONTRADICT',
      rationales: [[2, 5], [7]],
    });
  });

  it('names a claim id given twice', () => {
    expect(() => prepareGold([goldClaim(3), goldClaim(3)])).toThrow('gold claim 3 appears twice');
  });
});

describe('checkGoldClaim errors', () => {
  const mixed = {
    id: 4,
    evidence: {
      '8': [
        { sentences: [1], label: 'SUPPORT' },
        { sentences: [2], label: 'CONTRADICT' },
      ],
    },
  };
  const cases: [string, unknown, string][] = [
    ['not an object', [1], 'expected a gold claim object, received [1]'],
    [
      'an id that is not an integer',
      { id: '4', evidence: {} },
      'expected an integer claim id, received "4"',
    ],
    [
      'hidden labels',
      { id: 4, claim: 'x' },
      'claim 4 has no evidence field: gold labels are hidden (the test split is scored only by the leaderboard)',
    ],
    [
      'evidence as a list',
      { id: 4, evidence: [] },
      'claim 4: expected evidence to be an object keyed by doc id',
    ],
    [
      'a doc key that is not a doc id',
      { id: 4, evidence: { '08': [{ sentences: [1], label: 'SUPPORT' }] } },
      'claim 4, abstract 08: expected a doc id of decimal digits as the key',
    ],
    [
      'no rationale sets',
      { id: 4, evidence: { '8': [] } },
      'claim 4, abstract 8: expected a non-empty array of rationale sets',
    ],
    [
      'an unknown label',
      { id: 4, evidence: { '8': [{ sentences: [1], label: 'NOT_ENOUGH_INFO' }] } },
      'claim 4, abstract 8: expected a rationale label SUPPORT or CONTRADICT, received "NOT_ENOUGH_INFO"',
    ],
    [
      'bad sentences',
      { id: 4, evidence: { '8': [{ sentences: [-1], label: 'SUPPORT' }] } },
      'claim 4, abstract 8: expected rationale sentences as a non-empty index list',
    ],
    [
      'a repeat inside a set',
      { id: 4, evidence: { '8': [{ sentences: [1, 1], label: 'SUPPORT' }] } },
      'claim 4, abstract 8: a rationale set lists a sentence twice (1,1)',
    ],
    [
      'a sentence in two sets',
      {
        id: 4,
        evidence: {
          '8': [
            { sentences: [1, 2], label: 'SUPPORT' },
            { sentences: [2], label: 'SUPPORT' },
          ],
        },
      },
      'claim 4, abstract 8: sentence 2 is in two rationale sets',
    ],
    [
      'mixed labels',
      mixed,
      'claim 4, abstract 8: rationale sets carry different labels (SUPPORT,CONTRADICT)',
    ],
  ];

  it.each(cases)('rejects %s', (_, value, message) => {
    expect(() => checkGoldClaim(value)).toThrow(message);
  });
});

describe('readGoldClaims', () => {
  it('fails on the test split, naming the file and line', async () => {
    const file = join(SCIFACT_DIR, 'claims_test.jsonl');

    await expect(readGoldClaims(file)).rejects.toThrow(
      `${file}:1: claim 7 has no evidence field: gold labels are hidden (the test split is scored only by the leaderboard)`,
    );
  });

  it('names the line of a bad claim', async () => {
    const file = join(makeTemporaryDir(), 'claims.jsonl');
    writeFileSync(file, '{"id": 1, "evidence": {}}\n\n{"id": 2}\n');

    await expect(readGoldClaims(file)).rejects.toThrow(`${file}:3: claim 2 has no evidence field`);
  });
});
