import { describe, expect, it } from 'vitest';
import { checkClaim, checkCorpusDoc, describeValue } from './records.ts';

const CLAIM = {
  id: 7,
  claim: 'Statins lower mortality.',
  evidence: { '22': [{ sentences: [1, 2], label: 'SUPPORT' }] },
  cited_doc_ids: [22, 33],
};

/** The claim with other rationale sets for abstract 22. */
function withRationales(rationales: unknown[]) {
  return { ...CLAIM, evidence: { '22': rationales } };
}

const DOC = { doc_id: 22, title: 'Statins', abstract: ['One.', 'Two.'], structured: false };

describe('checkClaim', () => {
  it('accepts a labelled claim and a test claim', () => {
    expect(checkClaim(CLAIM, 'dev')).toEqual(CLAIM);
    const testClaim = { id: 8, claim: 'A claim.' };
    expect(checkClaim(testClaim, 'test')).toEqual(testClaim);
  });

  it.each([
    ['a record that is not an object', [1], 'claim record: the line is [1]; expected an object'],
    [
      'a missing id',
      { claim: 'x' },
      'claim record: id is missing; expected a non-negative integer',
    ],
    [
      'a fractional id',
      { ...CLAIM, id: 1.5 },
      'claim record: id is 1.5; expected a non-negative integer',
    ],
    [
      'an empty claim',
      { ...CLAIM, claim: ' ' },
      'claim 7: claim is " "; expected a non-empty string',
    ],
    [
      'an unknown field',
      { ...CLAIM, label: 'S' },
      'claim 7: the record has a field "label"; expected only id, claim, evidence, cited_doc_ids',
    ],
    [
      'missing cited_doc_ids',
      { ...CLAIM, cited_doc_ids: undefined },
      'claim 7: cited_doc_ids is missing; expected a non-empty array of integers',
    ],
    [
      'a doc id as text',
      { ...CLAIM, cited_doc_ids: ['22'] },
      'claim 7: cited_doc_ids[0] is "22"; expected a non-negative integer',
    ],
    [
      'evidence as a list',
      { ...CLAIM, evidence: [] },
      'claim 7: evidence is []; expected an object',
    ],
    [
      'evidence keyed by a non-id',
      { ...CLAIM, evidence: { x: [] } },
      'claim 7: evidence["x"] is keyed by "x"; expected a doc id',
    ],
    [
      'evidence from an uncited abstract',
      { ...CLAIM, evidence: { '44': [] } },
      'claim 7: evidence["44"] is for an abstract missing from cited_doc_ids',
    ],
    [
      'an empty list of rationale sets',
      withRationales([]),
      'claim 7: evidence["22"] is []; expected a non-empty array of rationale sets',
    ],
    [
      'an unknown label',
      withRationales([{ sentences: [0], label: 'SUPPORTS' }]),
      'claim 7: evidence["22"][0].label is "SUPPORTS"; expected one of SUPPORT, CONTRADICT',
    ],
    [
      'no sentences',
      withRationales([{ sentences: [], label: 'SUPPORT' }]),
      'claim 7: evidence["22"][0].sentences is []; expected a non-empty array of integers',
    ],
    [
      'a negative sentence index',
      withRationales([{ sentences: [-1], label: 'SUPPORT' }]),
      'claim 7: evidence["22"][0].sentences[0] is -1; expected a non-negative integer',
    ],
    [
      'a repeated sentence',
      withRationales([{ sentences: [2, 2], label: 'SUPPORT' }]),
      'claim 7: evidence["22"][0].sentences repeats 2',
    ],
    [
      'a field on a rationale set',
      withRationales([{ sentences: [2], label: 'SUPPORT', x: 1 }]),
      'claim 7: evidence["22"][0] has a field "x"; expected only sentences, label',
    ],
    [
      'mixed labels on one abstract',
      withRationales([
        { sentences: [1], label: 'SUPPORT' },
        { sentences: [2], label: 'CONTRADICT' },
      ]),
      'claim 7: evidence["22"] mixes labels SUPPORT, CONTRADICT; expected one per abstract',
    ],
  ])('rejects %s', (_, record, message) => {
    expect(() => checkClaim(record, 'train')).toThrow(message);
  });

  it('allows an abstract cited twice, as the official dev split does', () => {
    const citedTwice = { ...CLAIM, cited_doc_ids: [22, 22] };
    expect(checkClaim(citedTwice, 'dev').cited_doc_ids).toEqual([22, 22]);
  });

  it('rejects evidence on a test claim, whose labels are hidden', () => {
    expect(() => checkClaim(CLAIM, 'test')).toThrow(
      'claim 7: the record has a field "evidence"; expected only id, claim',
    );
  });
});

describe('checkCorpusDoc', () => {
  it('accepts an abstract', () => {
    expect(checkCorpusDoc(DOC)).toEqual(DOC);
  });

  it.each([
    [
      'a missing doc id',
      { ...DOC, doc_id: undefined },
      'corpus record: doc_id is missing; expected a non-negative integer',
    ],
    [
      'an empty title',
      { ...DOC, title: '' },
      'abstract 22: title is ""; expected a non-empty string',
    ],
    [
      'an empty abstract',
      { ...DOC, abstract: [] },
      'abstract 22: abstract is []; expected a non-empty array of sentences',
    ],
    [
      'an abstract as one string',
      { ...DOC, abstract: 'One. Two.' },
      'abstract 22: abstract is "One. Two."; expected a non-empty array of sentences',
    ],
    [
      'an empty sentence',
      { ...DOC, abstract: ['One.', ''] },
      'abstract 22: abstract[1] is ""; expected a non-empty string',
    ],
    [
      'structured as text',
      { ...DOC, structured: 'no' },
      'abstract 22: structured is "no"; expected true or false',
    ],
    [
      'an unknown field',
      { ...DOC, year: 2020 },
      'abstract 22: the record has a field "year"; expected only doc_id, title, abstract',
    ],
  ])('rejects %s', (_, record, message) => {
    expect(() => checkCorpusDoc(record)).toThrow(message);
  });
});

describe('describeValue', () => {
  it('quotes a value as JSON and shortens a long one', () => {
    expect(describeValue(undefined)).toBe('missing');
    expect(describeValue('x')).toBe('"x"');
    expect(describeValue('y'.repeat(100))).toBe(`"${'y'.repeat(56)}...`);
  });
});
