import type { MetricName, Spread } from './types.ts';

/** Column labels, as in DESIGN.md's References table. */
export const METRIC_LABELS: Record<MetricName | 'notebook', string> = {
  sentence_selection: 'Sel',
  sentence_label: 'Sel+L',
  abstract_label_only: 'Lab',
  abstract_rationalized: 'Lab+R',
  notebook: 'notebook',
};

export const METRIC_TITLES: Record<MetricName | 'notebook', string> = {
  sentence_selection: 'sentence selection',
  sentence_label: 'sentence selection + label',
  abstract_label_only: 'abstract label only',
  abstract_rationalized: 'abstract label + rationale',
  notebook: "the notebook's sentence F1",
};

/** A fraction as a percentage with one decimal: 0.2425 gives "24.3". */
export function formatScore(fraction: number): string {
  return Number.isFinite(fraction) ? (100 * fraction).toFixed(1) : '–';
}

/** "24.3 ± 1.2" with several seeds, "24.3" with one. */
export function formatSpread(spread: Spread): string {
  const centre = formatScore(spread.mean);
  return spread.std === null ? centre : `${centre} ± ${formatScore(spread.std)}`;
}

/** Thresholds as given, without float noise: 0.30000000000000004 gives "0.3". */
export function formatThreshold(threshold: number): string {
  return String(Number(threshold.toFixed(6)));
}

/** The per-seed thresholds, collapsed to one when all seeds agree. */
export function formatThresholds(thresholds: number[]): string {
  const distinct = new Set(thresholds);
  if (distinct.size === 1) return formatThreshold(thresholds[0]);
  return thresholds.map(formatThreshold).join('/');
}

/** Seconds as "42 s", "12.5 min" or "1.3 h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 120) return `${seconds.toFixed(0)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** A number for machines: at most six decimals, no float noise; empty for null. */
export function formatNumber(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '' : String(Number(value.toFixed(6)));
}
