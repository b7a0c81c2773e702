import { readFile } from 'node:fs/promises';
import { InputError } from '@scifact/data';
import { FACTOR_NAMES, FACTORS, type FactorName } from './factors.ts';

export const METRIC_NAMES = [
  'sentence_label',
  'sentence_selection',
  'abstract_label_only',
  'abstract_rationalized',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** A grid as written in its file, checked. */
export interface GridSpec {
  name: string;
  description: string;
  /** The split scored for the report. */
  split: 'dev' | 'train' | 'test';
  seeds: number[];
  /** Claims of each split kept, for smoke runs; absent means all. */
  claimsLimit?: number;
  selectBy: MetricName;
  /**
   * Train on `fit` and also score `validation` (both carved from train), so thresholds and
   * configurations can be picked on claims the reported split never sees.
   */
  validation: boolean;
  factors: Record<FactorName, unknown[]>;
}

const TOP_LEVEL_KEYS = [
  'name',
  'description',
  'split',
  'seeds',
  'claims_limit',
  'select_by',
  'validation',
  'factors',
] as const;

/** Reads and checks a grid file; every problem names the file and the offending key. */
export async function loadGridSpec(file: string): Promise<GridSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError('cannot read the grid file', { file }, { cause: error });
  }
  return parseGridSpec(text, file);
}

export function parseGridSpec(text: string, file: string): GridSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const line = lineOfJsonError(text, error);
    throw new InputError(`not valid JSON (${(error as Error).message})`, { file, line });
  }
  const fail = (message: string): never => {
    throw new InputError(message, { file });
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail('a grid file holds one JSON object');
  }
  const record = raw as Record<string, unknown>;

  for (const key of Object.keys(record)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      fail(`unknown key '${key}'; expected one of ${TOP_LEVEL_KEYS.join(', ')}`);
    }
  }

  const name = record.name;
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9_.-]*$/i.test(name)) {
    fail(`'name' must be a word of letters, digits, '.', '_' or '-'; got ${show(name)}`);
  }

  const split = record.split ?? 'dev';
  if (split !== 'dev' && split !== 'train' && split !== 'test') {
    fail(`'split' must be 'dev', 'train' or 'test'; got ${show(split)}`);
  }

  const seeds = record.seeds ?? [42];
  if (
    !Array.isArray(seeds) ||
    seeds.length === 0 ||
    !seeds.every((s) => Number.isInteger(s) && s >= 0)
  ) {
    fail(`'seeds' must be a non-empty list of non-negative integers; got ${show(seeds)}`);
  }

  const claimsLimit = record.claims_limit;
  if (claimsLimit !== undefined && !(Number.isInteger(claimsLimit) && Number(claimsLimit) > 0)) {
    fail(`'claims_limit' must be a positive integer; got ${show(claimsLimit)}`);
  }

  const selectBy = record.select_by ?? 'sentence_label';
  if (!(METRIC_NAMES as readonly unknown[]).includes(selectBy)) {
    fail(`'select_by' must be one of ${METRIC_NAMES.join(', ')}; got ${show(selectBy)}`);
  }

  const validation = record.validation ?? true;
  if (typeof validation !== 'boolean')
    fail(`'validation' must be true or false; got ${show(validation)}`);

  return {
    name: name as string,
    description: typeof record.description === 'string' ? record.description : '',
    split: split as GridSpec['split'],
    seeds: seeds as number[],
    claimsLimit: claimsLimit as number | undefined,
    selectBy: selectBy as MetricName,
    validation: validation as boolean,
    factors: parseFactors(record.factors, fail),
  };
}

function parseFactors(
  raw: unknown,
  fail: (message: string) => never,
): Record<FactorName, unknown[]> {
  if (raw === undefined) raw = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail("'factors' must be an object of factor name to a list of levels");
  }

  const given = raw as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(FACTOR_NAMES as string[]).includes(key)) {
      fail(`unknown factor '${key}'; expected one of ${FACTOR_NAMES.join(', ')}`);
    }
  }

  const factors = {} as Record<FactorName, unknown[]>;
  for (const name of FACTOR_NAMES) {
    const levels = given[name] ?? [FACTORS[name].default];
    if (!Array.isArray(levels)) fail(`factor '${name}' must be a list of levels`);
    if ((levels as unknown[]).length === 0) {
      fail(`factor '${name}' has no levels, so the grid is empty`);
    }
    (levels as unknown[]).forEach((level, index) => {
      const problem = FACTORS[name].check(level);
      if (problem) fail(`factor '${name}' level ${index + 1}: ${problem}; got ${show(level)}`);
    });
    factors[name] = levels as unknown[];
  }

  // The grid crosses every level with every other, so one such pair makes a bad configuration.
  const pretrains = factors.pretraining.some((level) => level !== 'none');
  const otherStart = [
    ...factors.word_vectors.filter((level) => level !== 'none'),
    ...factors.encoder.filter((level) => level !== 'compact'),
  ];
  if (pretrains && otherStart.length > 0) {
    fail(
      `factor 'pretraining' pretrains the compact encoder from random embeddings; it cannot ` +
        `be crossed with ${otherStart.map((level) => show(level)).join(', ')} ` +
        `(word_vectors or encoder): put them in separate grids`,
    );
  }
  return factors;
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** The 1-based line of a JSON.parse error, from the position its message gives. */
function lineOfJsonError(text: string, error: unknown): number | undefined {
  const match = /position (\d+)/.exec((error as Error).message);
  if (!match) return undefined;
  return text.slice(0, Number(match[1])).split('\n').length;
}
