// Decoding costs no model time: reading probabilities, a 4-threshold x 2-rule sweep (each
// decoding scored in-process) and re-scoring the best predictions take seconds on dev.
//
//   npx nx run decode:bench
//   cd packages/decode && npx tsx bench/run.ts [--probabilities FILE] [--repeats 5]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  loadSplitClaims,
  readJsonlAll,
  readProbabilities,
  writeJsonl,
  type Claim,
  type ProbabilityRecord,
} from '@scifact/data';
import { prepareGold, scorePredictions } from '@scifact/score';
import { sweepDecoding } from '../src/index.ts';

const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const { values: options } = parseArgs({
  options: {
    data: { type: 'string', default: join(workspaceRoot, '../shared/data/scifact') },
    probabilities: { type: 'string' },
    repeats: { type: 'string', default: '5' },
  },
});

/** A seeded generator, so the synthetic probabilities are the same on every run. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Noisy probabilities for every cited abstract of every dev claim, gold sentences higher. */
function synthesize(claims: readonly Claim[], sentenceCounts: Map<number, number>) {
  const random = mulberry32(42);
  return claims.flatMap((claim) =>
    [...new Set(claim.cited_doc_ids ?? [])].map((docId, index): ProbabilityRecord => {
      const gold = new Set((claim.evidence?.[docId] ?? []).flatMap((r) => r.sentences));
      const count = sentenceCounts.get(docId) ?? 10;
      const sentenceProbs = Array.from({ length: count }, (_, i) =>
        Math.min(1, random() * 0.6 + (gold.has(i) ? 0.35 : 0)),
      );
      const support = random();
      const contradict = random() * (1 - support);
      return {
        claim_id: claim.id,
        doc_id: docId,
        source: 'oracle',
        rank: index + 1,
        label_probs: [support, contradict, 1 - support - contradict],
        sentence_probs: sentenceProbs,
      };
    }),
  );
}

async function sentenceCountsOf(dataDir: string): Promise<Map<number, number>> {
  const docs = await readJsonlAll<{ doc_id: number; abstract: string[] }>(
    join(dataDir, 'corpus.jsonl'),
  );
  return new Map(docs.map((doc) => [doc.doc_id, doc.abstract.length]));
}

function seconds(start: number): number {
  return Number(((performance.now() - start) / 1000).toFixed(3));
}

async function main(): Promise<void> {
  const dev = await loadSplitClaims(options.data!, 'dev');
  const dir = await mkdtemp(join(tmpdir(), 'decode-bench-'));
  try {
    let file = options.probabilities;
    if (!file) {
      file = join(dir, 'probabilities.jsonl');
      await writeJsonl(file, synthesize(dev, await sentenceCountsOf(options.data!)));
    }

    const rows: string[] = [];
    for (let repeat = 1; repeat <= Number(options.repeats); repeat += 1) {
      let start = performance.now();
      const records = await readProbabilities(file);
      const readSeconds = seconds(start);

      start = performance.now();
      const { report, bestPredictions } = sweepDecoding(records, dev, {
        thresholds: [0.3, 0.4, 0.5, 0.6],
        neiRules: ['strict', 'relaxed'],
      });
      const sweepSeconds = seconds(start);

      start = performance.now();
      scorePredictions(prepareGold(dev), bestPredictions.strict!);
      const rescoreSeconds = seconds(start);

      const best = report.best.strict!;
      rows.push(
        `| ${repeat} | ${records.length} | ${readSeconds} | ${sweepSeconds} | ` +
          `${rescoreSeconds} | ${best.threshold} |`,
      );
    }

    const source = options.probabilities ?? 'synthetic probabilities, dev oracle';
    process.stdout.write(
      [
        `decode sweep bench: ${source}; 4 thresholds x 2 NEI rules, scored in-process`,
        '',
        '| run | abstracts | read s | sweep (decode + score x8) s | re-score best s | best t |',
        '|---|---|---|---|---|---|',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
