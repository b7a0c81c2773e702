import { describe, expect, it } from 'vitest';
import { goldClaim, prediction } from './fixtures/claims.ts';
import { prepareGold } from './gold.ts';
import { scorePredictions } from './score.ts';

/** The claim of the official "Detailed scoring example" (allenai/scifact, doc/evaluation.md). */
const WORKED_GOLD = [
  goldClaim(52, {
    '11': { label: 'SUPPORT', sets: [[0, 1], [11]] },
    '15': { label: 'SUPPORT', sets: [[4]] },
  }),
];

/** One gold claim with one evidence abstract, doc 7, for the hand-built rules. */
function singleGold(sets: number[][], label: 'SUPPORT' | 'CONTRADICT' = 'SUPPORT') {
  return [goldClaim(1, { '7': { label, sets } })];
}

describe('scorePredictions on the official worked example', () => {
  // The example predicts abstract 16 with the label REFUTES, which the official evaluator
  // itself rejects; CONTRADICT keeps the example's counts, since 16 is not gold evidence.
  const metrics = scorePredictions(WORKED_GOLD, [
    prediction(52, {
      '11': { sentences: [1, 11, 13], label: 'SUPPORT' },
      '16': { sentences: [18, 20], label: 'CONTRADICT' },
    }),
  ]);

  it('scores sentences P 1/5, R 1/4, F1 2/9', () => {
    for (const name of ['sentence_selection', 'sentence_label'] as const) {
      expect(metrics[name]).toMatchObject({ correct: 1, retrieved: 5, relevant: 4 });
      expect(metrics[name].precision).toBe(1 / 5);
      expect(metrics[name].recall).toBe(1 / 4);
      expect(metrics[name].f1).toBeCloseTo(2 / 9, 15);
    }
  });

  it('scores abstracts P 1/2, R 1/2, F1 1/2', () => {
    for (const name of ['abstract_label_only', 'abstract_rationalized'] as const) {
      expect(metrics[name]).toEqual({
        precision: 0.5,
        recall: 0.5,
        f1: 0.5,
        correct: 1,
        retrieved: 2,
        relevant: 2,
      });
    }
  });
});

describe('scorePredictions rules', () => {
  it('reads only the first 3 listed sentences, in listed order, at the abstract level', () => {
    const gold = singleGold([[5]]);
    const late = scorePredictions(gold, [
      prediction(1, { '7': { sentences: [1, 2, 3, 5], label: 'SUPPORT' } }),
    ]);
    const early = scorePredictions(gold, [
      prediction(1, { '7': { sentences: [5, 1, 2, 3], label: 'SUPPORT' } }),
    ]);

    expect(late.abstract_label_only.correct).toBe(1);
    expect(late.abstract_rationalized.correct).toBe(0);
    expect(early.abstract_rationalized.correct).toBe(1);
  });

  it('needs a whole gold set among the first 3 for a rationalized abstract', () => {
    const gold = singleGold([[0, 1]]);
    const split = scorePredictions(gold, [
      prediction(1, { '7': { sentences: [7, 0, 8, 1], label: 'SUPPORT' } }),
    ]);

    expect(split.abstract_rationalized.correct).toBe(0);
    expect(split.sentence_selection.correct).toBe(2);
  });

  it('puts no cap on sentences at the sentence level', () => {
    const metrics = scorePredictions(singleGold([[5]]), [
      prediction(1, { '7': { sentences: [1, 2, 3, 4, 5, 6], label: 'SUPPORT' } }),
    ]);

    expect(metrics.sentence_selection).toMatchObject({ correct: 1, retrieved: 6, relevant: 1 });
  });

  it('credits a sentence only when its whole gold set is predicted', () => {
    const gold = singleGold([[0, 1], [4]]);
    const part = scorePredictions(gold, [
      prediction(1, { '7': { sentences: [0, 4], label: 'SUPPORT' } }),
    ]);
    const whole = scorePredictions(gold, [
      prediction(1, { '7': { sentences: [1, 0, 4], label: 'SUPPORT' } }),
    ]);

    expect(part.sentence_selection.correct).toBe(1);
    expect(whole.sentence_selection.correct).toBe(3);
  });

  it('counts a repeated sentence as retrieved each time and credits it once', () => {
    const metrics = scorePredictions(singleGold([[2]]), [
      prediction(1, { '7': { sentences: [2, 2, 3], label: 'SUPPORT' } }),
    ]);

    expect(metrics.sentence_selection).toMatchObject({ correct: 1, retrieved: 3 });
  });

  it('lets repeats take the first 3 places, as the official evaluator does', () => {
    const metrics = scorePredictions(singleGold([[2]]), [
      prediction(1, { '7': { sentences: [9, 9, 9, 2], label: 'SUPPORT' } }),
    ]);

    expect(metrics.abstract_rationalized.correct).toBe(0);
    expect(metrics.sentence_selection.correct).toBe(1);
  });

  it('skips abstracts labelled NOT_ENOUGH_INFO: they are not predictions', () => {
    const metrics = scorePredictions(singleGold([[2]]), [
      prediction(1, { '7': { sentences: [2], label: 'NOT_ENOUGH_INFO' } }),
    ]);

    expect(metrics.abstract_label_only).toMatchObject({ correct: 0, retrieved: 0, relevant: 1 });
    expect(metrics.sentence_selection).toMatchObject({ correct: 0, retrieved: 0, relevant: 1 });
  });

  it('counts the evidence of a claim without a prediction in recall', () => {
    const gold = [...singleGold([[2]]), goldClaim(2, { '8': { label: 'SUPPORT', sets: [[0]] } })];
    const metrics = scorePredictions(gold, [
      prediction(1, { '7': { sentences: [2], label: 'SUPPORT' } }),
    ]);

    expect(metrics.abstract_label_only).toMatchObject({ correct: 1, retrieved: 1, relevant: 2 });
    expect(metrics.sentence_label).toMatchObject({ correct: 1, retrieved: 1, relevant: 2 });
    expect(metrics.sentence_label.recall).toBe(0.5);
  });

  it('counts an abstract without gold evidence as retrieved and never correct', () => {
    const metrics = scorePredictions(singleGold([[2]]), [
      prediction(1, { '9': { sentences: [2, 3], label: 'SUPPORT' } }),
    ]);

    expect(metrics.abstract_label_only).toMatchObject({ correct: 0, retrieved: 1 });
    expect(metrics.sentence_selection).toMatchObject({ correct: 0, retrieved: 2 });
  });

  it('charges predictions for a claim without evidence to precision', () => {
    const gold = [...singleGold([[2]]), goldClaim(2)];
    const metrics = scorePredictions(gold, [
      prediction(2, { '8': { sentences: [0], label: 'CONTRADICT' } }),
    ]);

    expect(metrics.abstract_label_only).toMatchObject({ correct: 0, retrieved: 1, relevant: 1 });
  });

  it('credits selection but not label when the label is wrong', () => {
    const metrics = scorePredictions(singleGold([[2]], 'CONTRADICT'), [
      prediction(1, { '7': { sentences: [2], label: 'SUPPORT' } }),
    ]);

    expect(metrics.abstract_label_only.correct).toBe(0);
    expect(metrics.abstract_rationalized.correct).toBe(0);
    expect(metrics.sentence_selection.correct).toBe(1);
    expect(metrics.sentence_label.correct).toBe(0);
  });

  it('credits the label of an empty rationale at the abstract level only', () => {
    const metrics = scorePredictions(singleGold([[2]]), [
      prediction(1, { '7': { sentences: [], label: 'SUPPORT' } }),
    ]);

    expect(metrics.abstract_label_only.correct).toBe(1);
    expect(metrics.abstract_rationalized.correct).toBe(0);
    expect(metrics.sentence_selection).toMatchObject({ correct: 0, retrieved: 0 });
  });

  it('scores prepared gold, raw gold and any prediction order alike', () => {
    const gold = [...WORKED_GOLD, ...singleGold([[2]])];
    const predictions = [
      prediction(52, { '11': { sentences: [0, 1], label: 'SUPPORT' } }),
      prediction(1, { '7': { sentences: [2], label: 'CONTRADICT' } }),
    ];

    const expected = scorePredictions(gold, predictions);
    expect(scorePredictions(prepareGold(gold), predictions)).toEqual(expected);
    expect(scorePredictions(gold, [...predictions].reverse())).toEqual(expected);
  });
});

describe('scorePredictions errors', () => {
  it('names an unknown claim id', () => {
    expect(() => scorePredictions(singleGold([[2]]), [prediction(99)])).toThrow(
      'prediction for unknown claim id 99',
    );
  });

  it('names a claim predicted twice', () => {
    expect(() => scorePredictions(singleGold([[2]]), [prediction(1), prediction(1)])).toThrow(
      'claim 1 is predicted twice',
    );
  });

  it('names an unknown label with the allowed ones', () => {
    const bad = { '7': { sentences: [2], label: 'REFUTES' } } as never;

    expect(() => scorePredictions(singleGold([[2]]), [prediction(1, bad)])).toThrow(
      'claim 1, abstract 7: unknown label "REFUTES"; expected SUPPORT or CONTRADICT (NOT_ENOUGH_INFO is skipped)',
    );
  });
});
