import { InputError, LABELLED_SPLITS, type AnySplit } from '@scifact/data';

/** How a claim without evidence is paired with an abstract for an NEI example. */
export const STRATEGIES = ['random', 'lexical', 'bm25'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The notebook's pool: a pick among the 5 abstracts that match a claim best. */
export const POOL_SIZE = 5;

export const MAX_RATIO = 10;

export interface ExampleOptions {
  strategy: Strategy;
  /** NEI examples from claims without evidence, as a multiple of the positives. */
  ratio: number;
  seed: number;
  /** Add every cited abstract of every claim without evidence as an NEI example. */
  citedNegatives?: boolean;
  /** NEI examples from claims with evidence and their top BM25 non-cited abstracts. */
  bm25PositivesNegatives?: number;
}

export type ResolvedOptions = Readonly<Required<ExampleOptions>>;

/** Checks the options, naming the bad one, what it expected and what it received. */
export function resolveOptions(options: ExampleOptions): ResolvedOptions {
  if (!STRATEGIES.includes(options.strategy)) {
    throw new InputError(
      `unknown strategy '${options.strategy}'; expected one of ${STRATEGIES.join(', ')}`,
    );
  }
  checkRatio('ratio', options.ratio);
  checkRatio('bm25-positives-negatives', options.bm25PositivesNegatives ?? 0);
  if (!Number.isSafeInteger(options.seed)) {
    throw new InputError(`seed: expected an integer; received ${options.seed}`);
  }
  return {
    citedNegatives: false,
    bm25PositivesNegatives: 0,
    ...options,
  };
}

function checkRatio(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value > MAX_RATIO) {
    throw new InputError(`${name}: expected a ratio within [0, ${MAX_RATIO}]; received ${value}`);
  }
}

/**
 * `floor(ratio × positives)`. The product is nudged up by a hair before flooring, since in
 * floating point 0.29 × 100 is 28.999999999999996, and the notebook meant 29.
 */
export function countAsked(ratio: number, positives: number): number {
  return Math.floor(ratio * positives + 1e-9);
}

/** Splits that carry labels, carved ones included; test claims hide theirs. */
export function checkLabelledSplit(split: string): AnySplit {
  if (!LABELLED_SPLITS.includes(split as AnySplit)) {
    const expected = `expected one of ${LABELLED_SPLITS.join(', ')}, whose claims carry labels`;
    throw new InputError(`split '${split}' cannot give examples; ${expected}`);
  }
  return split as AnySplit;
}
