// A stand-in for the negatives stage's examples.jsonl, for the benchmark and the tests: every
// (claim, cited abstract with evidence) pair of the train split as a positive, plus
// floor(ratio x positives) NOT_ENOUGH_INFO examples pairing claims without evidence with one
// of their cited abstracts. The negatives stage mines harder negatives; here only the
// sizes and lengths matter.
import {
  makeExample,
  readJsonlAll,
  writeJsonl,
  type Claim,
  type CorpusDoc,
  type Example,
} from '@scifact/data';

export interface BenchExampleOptions {
  /** Only the first N claims of the split (tests); all of them by default. */
  claimsLimit?: number;
  ratio?: number;
  seed?: number;
}

/** Builds the examples from a release folder; returns them in a fixed order. */
export async function buildBenchExamples(
  dataDir: string,
  options: BenchExampleOptions = {},
): Promise<Example[]> {
  const claims = (await readJsonlAll<Claim>(`${dataDir}/claims_train.jsonl`)).slice(
    0,
    options.claimsLimit,
  );
  const corpus = new Map<number, CorpusDoc>();
  for (const doc of await readJsonlAll<CorpusDoc>(`${dataDir}/corpus.jsonl`)) {
    corpus.set(doc.doc_id, doc);
  }

  const positives: Example[] = [];
  const pool: Example[] = [];
  for (const claim of claims) {
    const evidence = claim.evidence ?? {};
    for (const docId of claim.cited_doc_ids ?? []) {
      const doc = corpus.get(docId);
      if (!doc) continue;
      const rationales = evidence[String(docId)];
      if (rationales && rationales.length > 0) {
        const sentences = [...new Set(rationales.flatMap((r) => r.sentences))].sort(
          (a, b) => a - b,
        );
        positives.push(makeExample(claim, doc, rationales[0].label, sentences, 'gold'));
      } else if (Object.keys(evidence).length === 0) {
        pool.push(makeExample(claim, doc, 'NOT_ENOUGH_INFO', [], 'cited'));
      }
    }
  }

  const negatives = shuffle(pool, options.seed ?? 42).slice(
    0,
    Math.floor((options.ratio ?? 0.3) * positives.length),
  );
  return [...positives, ...negatives];
}

export async function writeBenchExamples(
  file: string,
  dataDir: string,
  options: BenchExampleOptions = {},
): Promise<number> {
  return writeJsonl(file, await buildBenchExamples(dataDir, options));
}

/** Fisher-Yates with a small seeded generator (mulberry32), so runs repeat. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
