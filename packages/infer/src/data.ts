import { join } from 'node:path';
import {
  InputError,
  readJsonlAll,
  readJsonlLines,
  SPLITS,
  type Claim,
  type CorpusDoc,
  type Split,
} from '@scifact/data';
import type { RankedDoc } from './candidates.ts';

function checkClaim(value: unknown): Claim {
  const claim = value as Partial<Claim> | null;
  if (!claim || !Number.isInteger(claim.id) || typeof claim.claim !== 'string') {
    const received = JSON.stringify(value).slice(0, 80);
    throw new Error(`expected a claim with an integer id and a claim text, received ${received}`);
  }
  return claim as Claim;
}

function checkDoc(value: unknown): CorpusDoc {
  const doc = value as Partial<CorpusDoc> | null;
  if (!doc || !Number.isInteger(doc.doc_id) || !Array.isArray(doc.abstract)) {
    const received = JSON.stringify(value).slice(0, 80);
    throw new Error(`expected an abstract with a doc_id and sentences, received ${received}`);
  }
  return doc as CorpusDoc;
}

/** The claims of one split of a data folder (`claims_<split>.jsonl`). */
export async function readClaims(dataDir: string, split: string): Promise<Claim[]> {
  if (!SPLITS.includes(split as Split)) {
    throw new InputError(`unknown split '${split}'; expected one of ${SPLITS.join(', ')}`);
  }
  return readJsonlAll(join(dataDir, `claims_${split}.jsonl`), checkClaim);
}

/** The corpus of a data folder, by doc id. */
export async function readCorpus(dataDir: string): Promise<Map<number, CorpusDoc>> {
  const docs = await readJsonlAll(join(dataDir, 'corpus.jsonl'), checkDoc);
  return new Map(docs.map((doc) => [doc.doc_id, doc]));
}

function checkRanking(value: unknown): { claim_id: number; ranking: RankedDoc[] } {
  const record = value as { claim_id?: unknown; ranking?: unknown } | null;
  const valid =
    record !== null &&
    Number.isInteger(record.claim_id) &&
    Array.isArray(record.ranking) &&
    record.ranking.every((r) => Number.isInteger(r?.doc_id) && typeof r?.score === 'number');
  if (!valid) {
    const expected = '{"claim_id", "ranking": [{"doc_id", "score"}]}';
    throw new Error(`expected ${expected}, received ${JSON.stringify(value).slice(0, 80)}`);
  }
  return record as { claim_id: number; ranking: RankedDoc[] };
}

/** A retrieval stage's `rankings.jsonl`, by claim id. */
export async function readRankings(file: string): Promise<Map<number, RankedDoc[]>> {
  const rankings = new Map<number, RankedDoc[]>();
  for await (const { value, line } of readJsonlLines(file, checkRanking)) {
    if (rankings.has(value.claim_id)) {
      throw new InputError(`claim ${value.claim_id} is ranked twice`, { file, line });
    }
    rankings.set(value.claim_id, value.ranking);
  }
  return rankings;
}
