import { describe, expect, it } from 'vitest';
import { parseGridSpec } from './load.ts';

const parse = (value: unknown) => parseGridSpec(JSON.stringify(value), 'grids/test.json');

describe('parseGridSpec', () => {
  it('fills every factor the file leaves out with its default', () => {
    const spec = parse({ name: 'one', factors: { negatives: ['lexical'] } });

    expect(spec.factors.negatives).toEqual(['lexical']);
    expect(spec.factors.evidence_loss).toEqual(['bce']);
    expect(spec.factors.thresholds).toEqual([[0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6]]);
    expect(spec.factors.lexical_features).toEqual([true]);
    expect(spec.factors.window).toEqual(['evidence']);
    expect(spec.seeds).toEqual([42]);
    expect(spec.selectBy).toBe('sentence_label');
  });

  it('names an unknown factor and lists the known ones', () => {
    expect(() => parse({ name: 'x', factors: { negs: ['random'] } })).toThrow(
      /grids\/test\.json: unknown factor 'negs'; expected one of negatives, ratio/,
    );
  });

  it('names the factor, the level and what was expected for a bad level', () => {
    expect(() => parse({ name: 'x', factors: { ratio: [0.3, 11] } })).toThrow(
      "grids/test.json: factor 'ratio' level 2: expected a number in [0, 10]; got 11",
    );
    expect(() => parse({ name: 'x', factors: { candidates: ['open'] } })).toThrow(
      /expected 'oracle' or 'open:<k>'/,
    );
  });

  it('refuses an empty grid', () => {
    expect(() => parse({ name: 'x', factors: { evidence_loss: [] } })).toThrow(
      "factor 'evidence_loss' has no levels, so the grid is empty",
    );
  });

  it('refuses unknown top-level keys, bad seeds and bad names', () => {
    expect(() => parse({ name: 'x', seed: 1 })).toThrow(/unknown key 'seed'/);
    expect(() => parse({ name: 'x', seeds: [] })).toThrow(/'seeds' must be a non-empty list/);
    expect(() => parse({ name: 'a b' })).toThrow(/'name' must be a word/);
  });

  it('reports the line of a JSON syntax error', () => {
    expect(() => parseGridSpec('{\n  "name": "x",\n  oops\n}', 'g.json')).toThrow(
      /^g\.json:3: not valid JSON/,
    );
  });
});
