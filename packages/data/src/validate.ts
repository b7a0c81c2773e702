import { basename } from 'node:path';
import { InputError } from './errors.ts';
import { readJsonlLines, type JsonlLine } from './jsonl.ts';
import { claimsPath, corpusPath } from './layout.ts';
import { checkClaim, checkCorpusDoc } from './records.ts';
import { SPLITS, type Claim, type CorpusDoc, type Split } from './types.ts';

/** A whole SciFact release, every record checked. */
export interface Release {
  claims: Record<Split, Claim[]>;
  /** Abstracts by doc id. */
  corpus: Map<number, CorpusDoc>;
}

/** How many records each file of a release holds. */
export interface ReleaseCounts {
  train: number;
  dev: number;
  test: number;
  corpus: number;
}

/** Where a claim id was first seen, for messages about a repeated id. */
type Seen = Map<number, string>;

async function readClaimLines(dir: string, split: Split, seen: Seen) {
  const file = claimsPath(dir, split);
  const entries: JsonlLine<Claim>[] = [];

  for await (const entry of readJsonlLines(file, (value) => checkClaim(value, split))) {
    const id = entry.value.id;
    const first = seen.get(id);
    if (first !== undefined) {
      throw new InputError(`claim ${id} repeats the id of the claim at ${first}`, {
        file,
        line: entry.line,
      });
    }
    seen.set(id, `${basename(file)}:${entry.line}`);
    entries.push(entry);
  }
  return entries;
}

/**
 * Reads and checks the claims of one split: field types, labels, distinct ids. Evidence is
 * not checked against the corpus here; `loadRelease` does that.
 *
 * @example const dev = await loadClaims('data/scifact', 'dev');
 */
export async function loadClaims(dir: string, split: Split): Promise<Claim[]> {
  const entries = await readClaimLines(dir, split, new Map());
  return entries.map((entry) => entry.value);
}

/** Reads and checks the corpus, keyed by doc id; a repeated doc id is an error. */
export async function loadCorpus(dir: string): Promise<Map<number, CorpusDoc>> {
  const file = corpusPath(dir);
  const corpus = new Map<number, CorpusDoc>();
  const lines = new Map<number, number>();

  for await (const { value, line } of readJsonlLines(file, checkCorpusDoc)) {
    const first = lines.get(value.doc_id);
    if (first !== undefined) {
      const id = value.doc_id;
      const message = `abstract ${id} repeats the doc id of the abstract on line ${first}`;
      throw new InputError(message, { file, line });
    }
    lines.set(value.doc_id, line);
    corpus.set(value.doc_id, value);
  }
  return corpus;
}

/**
 * What is wrong with a claim's references to the corpus, or undefined when nothing is: every
 * cited and every evidence abstract must be in the corpus, and every evidence sentence inside
 * its abstract. The message names the claim; callers put the file and line in front.
 *
 * @example const problem = findBadReference(claim, await loadCorpus('data/scifact'));
 */
export function findBadReference(
  claim: Claim,
  corpus: ReadonlyMap<number, CorpusDoc>,
): string | undefined {
  const subject = `claim ${claim.id}`;
  for (const docId of claim.cited_doc_ids ?? []) {
    if (!corpus.has(docId)) return `${subject}: cited abstract ${docId} is not in the corpus`;
  }

  for (const [docKey, rationales] of Object.entries(claim.evidence ?? {})) {
    const doc = corpus.get(Number(docKey));
    if (!doc) return `${subject}: evidence abstract ${docKey} is not in the corpus`;

    const size = doc.abstract.length;
    for (const [i, rationale] of rationales.entries()) {
      const outside = rationale.sentences.find((index) => index >= size);
      if (outside === undefined) continue;
      const path = `evidence["${docKey}"][${i}].sentences`;
      const range =
        size === 1 ? '1 sentence (index 0)' : `${size} sentences (indices 0-${size - 1})`;
      return `${subject}: ${path} holds ${outside}, but abstract ${docKey} has ${range}`;
    }
  }
  return undefined;
}

function checkAgainstCorpus(
  file: string,
  { value: claim, line }: JsonlLine<Claim>,
  corpus: ReadonlyMap<number, CorpusDoc>,
) {
  const problem = findBadReference(claim, corpus);
  if (problem !== undefined) throw new InputError(problem, { file, line });
}

/**
 * Reads a release folder (`claims_{train,dev,test}.jsonl`, `corpus.jsonl`) and checks it
 * whole: each record's fields, claim ids distinct across splits, doc ids distinct, and every
 * cited abstract and evidence sentence present. Throws an `InputError` naming the file, the
 * line, the claim or abstract and what is wrong.
 *
 * @example const { claims, corpus } = await loadRelease('data/scifact');
 */
export async function loadRelease(dir: string): Promise<Release> {
  const corpus = await loadCorpus(dir);
  const seen: Seen = new Map();
  const claims = {} as Record<Split, Claim[]>;

  for (const split of SPLITS) {
    const file = claimsPath(dir, split);
    const entries = await readClaimLines(dir, split, seen);
    for (const entry of entries) checkAgainstCorpus(file, entry, corpus);
    claims[split] = entries.map((entry) => entry.value);
  }
  return { claims, corpus };
}

export function countRelease(release: Release): ReleaseCounts {
  const { train, dev, test } = release.claims;
  return {
    train: train.length,
    dev: dev.length,
    test: test.length,
    corpus: release.corpus.size,
  };
}

/** `809/300/300 claims (train/dev/test), 5183 abstracts` */
export function describeCounts(counts: ReleaseCounts): string {
  const claims = `${counts.train}/${counts.dev}/${counts.test} claims (train/dev/test)`;
  return `${claims}, ${counts.corpus} abstracts`;
}
