import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOLDEN_DIR, listGoldenCases, scoreGoldenCase } from './fixtures/golden.ts';
import { PYTHON, runProgram } from './fixtures/spawn.ts';
import { makeTemporaryDir, removeTemporaryDirs, SCIFACT_DIR } from './fixtures/workspace.ts';
import { prepareGold, type PreparedGold } from './gold.ts';
import { OFFICIAL_METRICS, type Metrics, type Score } from './metrics.ts';
import { readCorpusSizes, readGoldClaims, readPredictions } from './read.ts';
import { scorePredictions } from './score.ts';
import type { CorpusSizes } from './check.ts';

afterAll(removeTemporaryDirs);

/*
 * The TypeScript scorer against `reference/official_metrics.py`, an independent Python
 * restatement of the official evaluator's definitions, on dev predictions of every shape
 * `reference/make_predictions.py` writes. Agreement is required to 4 decimals for every
 * ratio, and exactly for every count. Nothing is skipped: without Python, this fails.
 */

const REFERENCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'reference');
const DECIMALS = 4;
const DEV_CLAIMS = join(SCIFACT_DIR, 'claims_dev.jsonl');

const EXPECTED_SHAPES = [
  'empty',
  'empty_rationales',
  'missing_claims',
  'non_evidence',
  'oracle_gold',
  'over_three',
  'random_mix_1',
  'random_mix_2',
  'random_mix_3',
  'repeats_and_nei',
  'wrong_labels',
].map((name) => `${name}.jsonl`);

type ReferenceResults = Record<string, Record<string, Score>>;

function runReference(gold: string, predictions: readonly string[]): ReferenceResults {
  const script = join(REFERENCE_DIR, 'official_metrics.py');
  return JSON.parse(runProgram(PYTHON, [script, '--gold', gold, ...predictions]));
}

function expectAgreement(metrics: Metrics, reference: Record<string, Score>): void {
  for (const name of OFFICIAL_METRICS) {
    const mine = metrics[name];
    const theirs = reference[name];
    expect({
      name,
      correct: mine.correct,
      retrieved: mine.retrieved,
      relevant: mine.relevant,
    }).toEqual({
      name,
      correct: theirs.correct,
      retrieved: theirs.retrieved,
      relevant: theirs.relevant,
    });
    expect(mine.precision, `${name} precision`).toBeCloseTo(theirs.precision, DECIMALS);
    expect(mine.recall, `${name} recall`).toBeCloseTo(theirs.recall, DECIMALS);
    expect(mine.f1, `${name} f1`).toBeCloseTo(theirs.f1, DECIMALS);
  }
}

describe('the scorer against the Python restatement of the official metrics', () => {
  const folder = makeTemporaryDir();
  let gold: PreparedGold;
  let corpus: CorpusSizes;
  let reference: ReferenceResults;

  beforeAll(async () => {
    const maker = join(REFERENCE_DIR, 'make_predictions.py');
    const corpusFile = join(SCIFACT_DIR, 'corpus.jsonl');
    runProgram(PYTHON, [maker, '--gold', DEV_CLAIMS, '--corpus', corpusFile, '--out', folder]);

    const files = readdirSync(folder)
      .sort()
      .map((name) => join(folder, name));
    reference = runReference(DEV_CLAIMS, files);
    gold = prepareGold(await readGoldClaims(DEV_CLAIMS));
    corpus = await readCorpusSizes(corpusFile);
  });

  it('has every prediction shape, so none goes unchecked', () => {
    expect(readdirSync(folder).sort()).toEqual(EXPECTED_SHAPES);
    expect(Object.keys(reference).sort()).toEqual(EXPECTED_SHAPES);
  });

  it.each(EXPECTED_SHAPES)('agrees on %s to 4 decimals', async (shape) => {
    const { predictions } = await readPredictions(join(folder, shape), gold, corpus);

    expectAgreement(scorePredictions(gold, predictions), reference[shape]);
  });

  it('sees the dev denominators in every shape: 209 abstracts, 366 sentences', () => {
    for (const shape of EXPECTED_SHAPES) {
      expect(reference[shape].abstract_label_only.relevant).toBe(209);
      expect(reference[shape].sentence_label.relevant).toBe(366);
    }
  });

  it('agrees on the golden fixtures', async () => {
    for (const name of listGoldenCases()) {
      const caseDir = join(GOLDEN_DIR, name);
      const theirs = runReference(join(caseDir, 'gold.jsonl'), [
        join(caseDir, 'predictions.jsonl'),
      ]);

      expectAgreement(await scoreGoldenCase(name), theirs['predictions.jsonl']);
    }
  });
});
