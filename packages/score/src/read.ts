import {
  InputError,
  readJsonlAll,
  readJsonlLines,
  type Claim,
  type CorpusDoc,
  type JsonlLine,
} from '@scifact/data';
import { checkPredictions, type CheckedPredictions, type CorpusSizes } from './check.ts';
import { checkGoldClaim, type PreparedGold } from './gold.ts';

/**
 * Reads gold claims, checking each one as scoring needs it; a problem names the file and
 * line. Claims of the test split fail: their labels are hidden.
 */
export async function readGoldClaims(file: string): Promise<Claim[]> {
  return readJsonlAll(file, (value) => {
    checkGoldClaim(value);
    return value as Claim;
  });
}

/** Reads the corpus down to what checks need: each abstract's number of sentences. */
export async function readCorpusSizes(file: string): Promise<CorpusSizes> {
  const sizes = new Map<number, number>();
  for await (const { value, line } of readJsonlLines(file)) {
    const doc = value as Partial<CorpusDoc> | null;
    if (!Number.isInteger(doc?.doc_id) || !Array.isArray(doc?.abstract)) {
      throw new InputError(
        'expected a corpus record with an integer doc_id and an abstract array',
        { file, line },
      );
    }
    if (sizes.has(doc.doc_id as number)) {
      throw new InputError(`doc ${doc.doc_id} appears twice in the corpus`, { file, line });
    }
    sizes.set(doc.doc_id as number, doc.abstract.length);
  }
  return sizes;
}

/** The sizes of abstracts already in memory, for callers that hold the corpus. */
export function corpusSizesOf(docs: readonly CorpusDoc[]): CorpusSizes {
  return new Map(docs.map((doc) => [doc.doc_id, doc.abstract.length]));
}

/**
 * Reads an official prediction file and checks every line against the gold claims and the
 * corpus (see `checkPredictions`).
 *
 * @example
 * const { predictions, warnings } = await readPredictions(file, gold, corpus);
 */
export async function readPredictions(
  file: string,
  gold: readonly Claim[] | PreparedGold,
  corpus: CorpusSizes,
): Promise<CheckedPredictions> {
  const lines: JsonlLine<unknown>[] = [];
  for await (const line of readJsonlLines(file)) lines.push(line);
  return checkPredictions(lines, gold, corpus, file);
}
