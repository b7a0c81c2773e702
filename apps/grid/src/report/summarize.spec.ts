import { describe, expect, it } from 'vitest';
import { metricsOf, rowOf } from './fixtures/metrics.ts';
import { pickBestRow, summarizeConfiguration } from './summarize.ts';
import type { ConfigurationResult, RunResult } from './types.ts';

/** Strict rows peak at 0.5 on sentence_label; relaxed rows score higher but must be ignored. */
function devSweep(shift = 0): RunResult['dev'] {
  return {
    rows: [
      rowOf('strict', 0.3, { sentence_label: 0.1 + shift, sentence_selection: 0.4 }),
      rowOf('strict', 0.5, { sentence_label: 0.2 + shift, sentence_selection: 0.2 }),
      rowOf('strict', 0.7, { sentence_label: 0.15 + shift, sentence_selection: 0.1 }),
      rowOf('relaxed', 0.3, { sentence_label: 0.9 }),
      rowOf('relaxed', 0.5, { sentence_label: 0.8 }),
      rowOf('relaxed', 0.7, { sentence_label: 0.7 }),
    ],
  };
}

function configuration(runs: Partial<RunResult>[]): ConfigurationResult {
  return {
    id: 'c1',
    factors: { negatives: 'random', ratio: 0.3 },
    rule: 'strict',
    thresholds: [0.3, 0.5, 0.7],
    runs: runs.map((run, index) => ({
      seed: 42 + index,
      modelKey: `m${index}`,
      trainSeconds: 60 * (index + 1),
      dev: devSweep(),
      ...run,
    })),
  };
}

describe('pickBestRow', () => {
  it('takes the row with the best F1 of the chosen metric', () => {
    const rows = devSweep().rows.slice(0, 3);
    expect(pickBestRow(rows, 'sentence_label').threshold).toBe(0.5);
    expect(pickBestRow(rows, 'sentence_selection').threshold).toBe(0.3);
  });

  it('breaks a tie toward the lowest threshold, whatever the row order', () => {
    const rows = [
      rowOf('strict', 0.6, { sentence_label: 0.2 }),
      rowOf('strict', 0.4, { sentence_label: 0.2 }),
      rowOf('strict', 0.5, { sentence_label: 0.1 }),
    ];
    expect(pickBestRow(rows, 'sentence_label').threshold).toBe(0.4);
  });
});

describe('summarizeConfiguration', () => {
  it("picks each seed's threshold on dev among its own rule's rows only", () => {
    const summary = summarizeConfiguration(configuration([{}]), 'sentence_label');

    expect(summary.thresholds).toEqual([0.5]);
    expect(summary.threshold).toBe(0.5);
    expect(summary.selected.mean).toBeCloseTo(0.2, 12);
    expect(summary.metrics.sentence_label.precision.mean).toBeCloseTo(0.25, 12);
    expect(summary.metrics.sentence_label.recall.mean).toBeCloseTo(0.15, 12);
    expect(summary.metrics.sentence_selection.f1.mean).toBeCloseTo(0.2, 12);
    expect(summary.selected.std).toBeNull();
  });

  it('ranks by the selection metric it is given', () => {
    const summary = summarizeConfiguration(configuration([{}]), 'sentence_selection');
    expect(summary.threshold).toBe(0.3);
    expect(summary.selected.mean).toBeCloseTo(0.4, 12);
  });

  it('gives mean ± sample std over seeds and lists every seed threshold', () => {
    const shifted: RunResult['dev'] = {
      rows: [
        rowOf('strict', 0.3, { sentence_label: 0.4 }),
        rowOf('strict', 0.5, { sentence_label: 0.1 }),
        rowOf('strict', 0.7, { sentence_label: 0.1 }),
      ],
    };
    const summary = summarizeConfiguration(
      configuration([{ seed: 7, dev: shifted }, { seed: 3 }]),
      'sentence_label',
    );

    expect(summary.seeds).toEqual([3, 7]);
    expect(summary.thresholds).toEqual([0.5, 0.3]);
    expect(summary.threshold).toBe(0.3);
    expect(summary.selected.values).toEqual([0.2, 0.4]);
    expect(summary.selected.mean).toBeCloseTo(0.3, 12);
    expect(summary.selected.std).toBeCloseTo(Math.SQRT2 / 10, 12);
    expect(summary.trainSeconds.mean).toBe(90);
  });

  it('reports the dev figures at the threshold validation picked', () => {
    const validation = {
      rows: [
        rowOf('strict', 0.3, { sentence_label: 0.1 }),
        rowOf('strict', 0.5, { sentence_label: 0.1 }),
        rowOf('strict', 0.7, { sentence_label: 0.3 }),
      ],
    };
    const summary = summarizeConfiguration(configuration([{ validation }]), 'sentence_label');

    expect(summary.threshold).toBe(0.5);
    expect(summary.validationPicked?.thresholds).toEqual([0.7]);
    expect(summary.validationPicked?.validationF1.mean).toBeCloseTo(0.3, 12);
    expect(summary.validationPicked?.metrics.sentence_label.f1.mean).toBeCloseTo(0.15, 12);
  });

  it('computes the precision–recall curve under its rule, mean over seeds', () => {
    const summary = summarizeConfiguration(configuration([{}, {}]), 'sentence_label');
    expect(summary.curve.map((point) => point.threshold)).toEqual([0.3, 0.5, 0.7]);
    expect(summary.curve[1].precision).toBeCloseTo(0.25, 12);
  });

  it('adds the rule to the factors when the input leaves it out', () => {
    const summary = summarizeConfiguration(configuration([{}]), 'sentence_label');
    expect(summary.factors).toEqual({ negatives: 'random', ratio: 0.3, rule: 'strict' });
  });

  it('names the configuration, seed and rules when a sweep lacks the rule', () => {
    const dev = { rows: [rowOf('relaxed', 0.5, {})] };
    expect(() => summarizeConfiguration(configuration([{ dev }]), 'sentence_label')).toThrow(
      'configuration c1, seed 42, dev: no sweep row has the configuration\'s rule "strict"; ' +
        'the sweep has rules: relaxed',
    );
  });

  it('names the missing threshold and the swept ones', () => {
    const dev = { rows: [rowOf('strict', 0.3, {}), rowOf('strict', 0.5, {})] };
    expect(() => summarizeConfiguration(configuration([{ dev }]), 'sentence_label')).toThrow(
      'configuration c1, seed 42, dev: threshold 0.7 is missing from the sweep under rule ' +
        '"strict"; swept thresholds: 0.3, 0.5',
    );
  });

  it('refuses validation sweeps on some seeds only', () => {
    const input = configuration([{ validation: devSweep() }, {}]);
    expect(() => summarizeConfiguration(input, 'sentence_label')).toThrow(
      'configuration c1: some seeds have a validation sweep and seeds 43 do not',
    );
  });

  it('refuses a seed given twice and an unknown metric', () => {
    expect(() =>
      summarizeConfiguration(configuration([{ seed: 1 }, { seed: 1 }]), 'sentence_label'),
    ).toThrow('configuration c1 has seed 1 twice');
    expect(() => summarizeConfiguration(configuration([{}]), 'f1' as never)).toThrow(
      'unknown selection metric "f1"; expected one of: sentence_selection, sentence_label',
    );
  });

  it('keeps the figures of the row it picked', () => {
    const summary = summarizeConfiguration(configuration([{}]), 'sentence_label');
    expect(summary.picks[0].devPicked.metrics).toEqual(
      metricsOf({ sentence_label: 0.2, sentence_selection: 0.2 }),
    );
  });
});
