import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DIR, listGoldenCases, scoreGoldenCase } from './fixtures/golden.ts';

const CASES = listGoldenCases();

describe('golden fixtures', () => {
  it('are all present', () => {
    expect(CASES).toEqual(['official-small', 'rules', 'worked-example']);
  });

  it.each(CASES)('%s scores exactly as expected.json', async (name) => {
    const expected = JSON.parse(readFileSync(join(GOLDEN_DIR, name, 'expected.json'), 'utf8'));

    expect(await scoreGoldenCase(name)).toEqual(expected);
  });

  it('official-small matches the official published numbers to the last digit', async () => {
    const metrics = await scoreGoldenCase('official-small');

    // allenai/scifact-evaluator, fixture/expected_metrics_small.json
    expect(metrics.abstract_label_only).toMatchObject({
      precision: 0.5,
      recall: 0.42857142857142855,
      f1: 0.4615384615384615,
    });
    expect(metrics.abstract_rationalized).toMatchObject({
      precision: 0.3333333333333333,
      recall: 0.2857142857142857,
      f1: 0.30769230769230765,
    });
    expect(metrics.sentence_selection).toMatchObject({
      precision: 0.5555555555555556,
      recall: 0.4166666666666667,
      f1: 0.4761904761904762,
    });
    expect(metrics.sentence_label).toMatchObject({
      precision: 0.4444444444444444,
      recall: 0.3333333333333333,
      f1: 0.380952380952381,
    });
  });
});
