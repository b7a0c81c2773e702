import { artifactKey } from '@scifact/data';
import { FACTOR_NAMES, type FactorName } from './factors.ts';
import type { GridSpec } from './load.ts';

/** One point of the grid: a level for every factor. */
export interface Configuration {
  /** A short stable id, derived from the levels. */
  id: string;
  levels: Record<FactorName, unknown>;
}

/** Every combination of the spec's levels, in the order the file lists them. */
export function expandGrid(spec: GridSpec): Configuration[] {
  let combinations: Record<string, unknown>[] = [{}];
  for (const name of FACTOR_NAMES) {
    const next: Record<string, unknown>[] = [];
    for (const partial of combinations) {
      for (const level of spec.factors[name]) next.push({ ...partial, [name]: level });
    }
    combinations = next;
  }

  return combinations.map((levels) => ({
    id: artifactKey({ configuration: levels }).slice(0, 10),
    levels: levels as Record<FactorName, unknown>,
  }));
}

/** The factors of a spec that take more than one level: the ones a report compares. */
export function variedFactors(spec: GridSpec): FactorName[] {
  return FACTOR_NAMES.filter((name) => spec.factors[name].length > 1);
}
