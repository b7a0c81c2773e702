import {
  EVIDENCE_LABELS,
  type Claim,
  type CorpusDoc,
  type Rationale,
  type Split,
} from './types.ts';

/**
 * Shape checks for single records of a SciFact release. Each returns the record typed, or
 * throws an Error saying which field is wrong, what it holds and what was expected; the JSONL
 * reader adds the file and line.
 */

const CLAIM_FIELDS = ['id', 'claim', 'evidence', 'cited_doc_ids'];
const TEST_CLAIM_FIELDS = ['id', 'claim'];
const CORPUS_FIELDS = ['doc_id', 'title', 'abstract', 'structured'];
const RATIONALE_FIELDS = ['sentences', 'label'];

/** A short rendering of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function fail(subject: string, path: string, value: unknown, expected: string): never {
  throw new Error(`${subject}: ${path} is ${describeValue(value)}; expected ${expected}`);
}

function expectObject(subject: string, path: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(subject, path, value, 'an object');
  }
  return value as Record<string, unknown>;
}

function expectFields(subject: string, path: string, record: object, fields: string[]) {
  for (const key of Object.keys(record)) {
    if (!fields.includes(key)) {
      const expected = fields.join(', ');
      throw new Error(`${subject}: ${path} has a field "${key}"; expected only ${expected}`);
    }
  }
}

function expectIndex(subject: string, path: string, value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    fail(subject, path, value, 'a non-negative integer');
  }
  return value as number;
}

function expectText(subject: string, path: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    fail(subject, path, value, 'a non-empty string');
  }
  return value;
}

/** A non-empty array of non-negative integers. */
function expectIndices(subject: string, path: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(subject, path, value, 'a non-empty array of integers');
  }
  value.forEach((item, i) => expectIndex(subject, `${path}[${i}]`, item));
  return value;
}

function expectDistinct(subject: string, path: string, values: number[]) {
  const repeated = values.find((item, i) => values.indexOf(item) !== i);
  if (repeated !== undefined) throw new Error(`${subject}: ${path} repeats ${repeated}`);
}

function checkRationale(subject: string, path: string, value: unknown): Rationale {
  const record = expectObject(subject, path, value);
  expectFields(subject, path, record, RATIONALE_FIELDS);
  const sentences = expectIndices(subject, `${path}.sentences`, record.sentences);
  expectDistinct(subject, `${path}.sentences`, sentences);
  if (!EVIDENCE_LABELS.includes(record.label as never)) {
    fail(subject, `${path}.label`, record.label, `one of ${EVIDENCE_LABELS.join(', ')}`);
  }
  return record as unknown as Rationale;
}

function checkEvidence(subject: string, value: unknown, cited: number[]) {
  const evidence = expectObject(subject, 'evidence', value);

  for (const [docKey, rationales] of Object.entries(evidence)) {
    const path = `evidence["${docKey}"]`;
    if (!/^(0|[1-9][0-9]*)$/.test(docKey)) {
      throw new Error(`${subject}: ${path} is keyed by "${docKey}"; expected a doc id`);
    }
    if (!cited.includes(Number(docKey))) {
      throw new Error(`${subject}: ${path} is for an abstract missing from cited_doc_ids`);
    }
    if (!Array.isArray(rationales) || rationales.length === 0) {
      fail(subject, path, rationales, 'a non-empty array of rationale sets');
    }

    // The official evaluator takes one label per abstract, so rationale sets must agree.
    const labels = rationales.map(
      (item, i) => checkRationale(subject, `${path}[${i}]`, item).label,
    );
    if (new Set(labels).size > 1) {
      const listed = labels.join(', ');
      throw new Error(`${subject}: ${path} mixes labels ${listed}; expected one per abstract`);
    }
  }
}

/**
 * Checks one claim record. Train and dev claims carry `evidence` and `cited_doc_ids`; test
 * claims carry only `id` and `claim`, since their labels are hidden.
 */
export function checkClaim(value: unknown, split: Split): Claim {
  const record = expectObject('claim record', 'the line', value);
  const id = expectIndex('claim record', 'id', record.id);
  const subject = `claim ${id}`;
  const labelled = split !== 'test';
  expectFields(subject, 'the record', record, labelled ? CLAIM_FIELDS : TEST_CLAIM_FIELDS);
  expectText(subject, 'claim', record.claim);
  if (!labelled) return record as unknown as Claim;

  // Repeats are allowed: the official dev split cites abstract 7662395 twice for claim 1245.
  const cited = expectIndices(subject, 'cited_doc_ids', record.cited_doc_ids);
  checkEvidence(subject, record.evidence, cited);
  return record as unknown as Claim;
}

/** Checks one abstract of the corpus: a title and at least one non-empty sentence. */
export function checkCorpusDoc(value: unknown): CorpusDoc {
  const record = expectObject('corpus record', 'the line', value);
  const docId = expectIndex('corpus record', 'doc_id', record.doc_id);
  const subject = `abstract ${docId}`;
  expectFields(subject, 'the record', record, CORPUS_FIELDS);
  expectText(subject, 'title', record.title);

  if (!Array.isArray(record.abstract) || record.abstract.length === 0) {
    fail(subject, 'abstract', record.abstract, 'a non-empty array of sentences');
  }
  record.abstract.forEach((sentence, i) => expectText(subject, `abstract[${i}]`, sentence));

  if (typeof record.structured !== 'boolean') {
    fail(subject, 'structured', record.structured, 'true or false');
  }
  return record as unknown as CorpusDoc;
}
