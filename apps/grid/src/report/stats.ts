import type { Spread } from './types.ts';

export function mean(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The sample standard deviation (n − 1 in the denominator); null below two values. */
export function sampleStd(values: number[]): number | null {
  if (values.length < 2) return null;
  const centre = mean(values);
  const squares = values.reduce((sum, value) => sum + (value - centre) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * Mean and sample standard deviation, keeping the values.
 *
 * @example spreadOf([0.2, 0.4]) // { mean: 0.3, std: 0.1414…, values: [0.2, 0.4] }
 */
export function spreadOf(values: number[]): Spread {
  return { mean: mean(values), std: sampleStd(values), values: [...values] };
}

/** The most common value; among equally common ones, the lowest. */
export function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);

  let best = Number.NaN;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

/** Quartiles by linear interpolation, as echarts' boxplot expects: [min, q1, median, q3, max]. */
export function fiveNumbers(values: number[]): [number, number, number, number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const position = (sorted.length - 1) * q;
    const low = Math.floor(position);
    const high = Math.ceil(position);
    return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
  };
  return [sorted[0], at(0.25), at(0.5), at(0.75), sorted[sorted.length - 1]];
}
