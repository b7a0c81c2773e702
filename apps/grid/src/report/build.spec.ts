import { describe, expect, it } from 'vitest';
import { buildReport, TOP_COUNT } from './build.ts';
import { configurationOf, rowOf } from './fixtures/metrics.ts';
import { syntheticInput } from './fixtures/synthetic.ts';
import type { ConfigurationResult, ReportInput } from './types.ts';

function inputOf(configurations: ConfigurationResult[]): ReportInput {
  return {
    grid: 'tiny',
    encoder: 'compact',
    split: 'dev',
    candidates: 'oracle',
    dataChecksum: 'sha256:abc',
    selectBy: 'sentence_label',
    configurations,
  };
}

/** Two factors crossed; `c` never varies. Ranking: x1 0.30, y1 0.25, y2 0.22, x2 0.20. */
const crossed = [
  configurationOf('x2', { a: 'x', b: 2, c: 'k' }, [0.2]),
  configurationOf('y1', { a: 'y', b: 1, c: 'k' }, [0.25]),
  configurationOf('x1', { a: 'x', b: 1, c: 'k' }, [0.3]),
  configurationOf('y2', { a: 'y', b: 2, c: 'k' }, [0.22]),
];

describe('buildReport', () => {
  it('ranks configurations by the mean selected F1, best first', () => {
    const report = buildReport(inputOf(crossed));
    expect(report.rows.map((row) => [row.rank, row.id])).toEqual([
      [1, 'x1'],
      [2, 'y1'],
      [3, 'y2'],
      [4, 'x2'],
    ]);
    expect(report.selection.devPicked).toBe('x1');
  });

  it('ranks tied configurations by the mean of the official F1s, then by id', () => {
    const twin = (id: string, abstract: number) => {
      const configuration = configurationOf(id, { a: id }, [0.3]);
      configuration.runs[0].dev.rows[0].metrics.abstract_rationalized.f1 = abstract;
      return configuration;
    };

    const report = buildReport(inputOf([twin('a', 0.2), twin('b', 0.4), twin('c', 0.2)]));

    expect(report.rows.map((row) => row.id)).toEqual(['b', 'a', 'c']);
  });

  it('tabulates only factors with more than one level and keeps the rest as fixed', () => {
    const report = buildReport(inputOf(crossed));
    expect(report.varyingFactors).toEqual(['a', 'b']);
    expect(report.fixedFactors).toEqual({ c: 'k', rule: 'strict' });
  });

  it("gives each level's count, mean, max and head-to-head wins", () => {
    const [a, b] = buildReport(inputOf(crossed)).byFactor;

    expect(a.factor).toBe('a');
    expect(a.levels.map((level) => level.level)).toEqual(['x', 'y']);
    expect(a.levels[0]).toMatchObject({ count: 2, max: 0.3, inTop: 2, wins: 1 });
    expect(a.levels[0].mean).toBeCloseTo(0.25, 12);
    expect(a.levels[1]).toMatchObject({ count: 2, max: 0.25, inTop: 2, wins: 1 });
    expect(a.levels[1].mean).toBeCloseTo(0.235, 12);

    expect(b.levels.map((level) => level.level)).toEqual([1, 2]);
    expect(b.levels.map((level) => level.wins)).toEqual([2, 0]);
  });

  it('counts no win for a group whose best is tied', () => {
    const tied = [
      configurationOf('p', { a: 'p', b: 1 }, [0.3]),
      configurationOf('q', { a: 'q', b: 1 }, [0.3]),
      configurationOf('r', { a: 'p', b: 2 }, [0.1]),
      configurationOf('s', { a: 'q', b: 2 }, [0.2]),
    ];
    const [a] = buildReport(inputOf(tied)).byFactor;
    expect(a.levels.map((level) => [level.level, level.wins])).toEqual([
      ['p', 0],
      ['q', 1],
    ]);
  });

  it(`keeps the top ${TOP_COUNT} and counts each level's configurations among them`, () => {
    const many = Array.from({ length: 12 }, (_, index) =>
      configurationOf(`k${index}`, { negatives: index < 6 ? 'lexical' : 'random', index }, [
        0.5 - index / 100,
      ]),
    );
    const report = buildReport(inputOf(many));
    const negatives = report.byFactor.find((table) => table.factor === 'negatives')!;

    expect(report.top).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
    expect(negatives.levels.map((level) => [level.level, level.inTop])).toEqual([
      ['lexical', 6],
      ['random', 4],
    ]);
  });

  it('counts training time once per distinct model', () => {
    const report = buildReport(syntheticInput());
    const seconds = new Map<string, number>();
    for (const configuration of syntheticInput().configurations) {
      for (const run of configuration.runs) seconds.set(run.modelKey, run.trainSeconds);
    }

    expect(report.rows).toHaveLength(4);
    expect(report.training.models).toBe(4);
    expect(report.training.seconds).toBe([...seconds.values()].reduce((a, b) => a + b, 0));
  });

  it('names the configuration validation would pick beside the dev-picked best', () => {
    const report = buildReport(syntheticInput({ validation: true }));
    const byValidation = [...report.rows].sort(
      (a, b) => b.validationPicked!.validationF1.mean - a.validationPicked!.validationF1.mean,
    );

    expect(report.selection.devPicked).toBe(report.rows[0].id);
    expect(report.selection.validationPicked).toBe(byValidation[0].id);
    expect(report.references.filter((row) => row.measured)).toHaveLength(2);
  });

  it('breaks a validation tie by the official metrics on validation, not by order', () => {
    // Rule twins: one model, equal sentence-level F1 everywhere; the relaxed twin's
    // abstract-level F1 on validation is lower.
    const twin = (id: string, rule: 'strict' | 'relaxed', abstract: number) => {
      const configuration = configurationOf(id, { a: 'x' }, [0.3], rule);
      const scores = { sentence_label: 0.25, abstract_label_only: abstract };
      configuration.runs[0].validation = { rows: [rowOf(rule, 0.5, scores)] };
      return configuration;
    };
    const strict = twin('b-strict', 'strict', 0.5);
    const relaxed = twin('a-relaxed', 'relaxed', 0.4);

    for (const order of [
      [strict, relaxed],
      [relaxed, strict],
    ]) {
      expect(buildReport(inputOf(order)).selection.validationPicked).toBe('b-strict');
    }
  });

  it('adds the measured best to the references as F1 × 100', () => {
    const references = [{ system: 'x', metrics: {} }];
    const report = buildReport({ ...inputOf(crossed), references });
    expect(report.references).toHaveLength(2);
    expect(report.references[1].measured).toBe(true);
    expect(report.references[1].system).toContain('(x1)');
    expect(report.references[1].metrics.sentence_label).toBeCloseTo(30, 10);
    expect(report.selection.validationPicked).toBeUndefined();
  });

  it('refuses a configuration id given twice', () => {
    const twice = [crossed[0], { ...crossed[1], id: 'x2' }];
    expect(() => buildReport(inputOf(twice))).toThrow('configuration id x2 appears twice');
  });

  it('builds an empty report for an empty grid', () => {
    const report = buildReport(inputOf([]));
    expect(report.rows).toEqual([]);
    expect(report.byFactor).toEqual([]);
    expect(report.selection.devPicked).toBeUndefined();
  });
});
