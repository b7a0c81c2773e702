import { OFFICIAL_METRICS, type Metrics } from './metrics.ts';

/** Decimals a table shows; four tell apart any two counts on the dev split. */
const TABLE_DECIMALS = 4;

const HEADER = ['metric', 'precision', 'recall', 'f1', 'correct', 'retrieved', 'relevant'];

/**
 * Metrics as a plain-text table for a terminal: one row per official metric, then the
 * notebook's metric, whose counts are not part of `metrics.json`.
 *
 * @example process.stdout.write(formatMetricsTable(metrics));
 */
export function formatMetricsTable(metrics: Metrics): string {
  const rows: string[][] = [HEADER];
  for (const name of OFFICIAL_METRICS) {
    const score = metrics[name];
    rows.push([
      name,
      formatRatio(score.precision),
      formatRatio(score.recall),
      formatRatio(score.f1),
      String(score.correct),
      String(score.retrieved),
      String(score.relevant),
    ]);
  }
  const { notebook } = metrics;
  rows.push(['notebook', ...[notebook.precision, notebook.recall, notebook.f1].map(formatRatio)]);
  rows.push(['notebook abstract_f1', '', '', formatRatio(notebook.abstract_f1)]);
  rows.push(['notebook label_accuracy', '', '', formatRatio(notebook.label_accuracy)]);

  return `${alignColumns(rows).join('\n')}\n`;
}

function formatRatio(value: number): string {
  return value.toFixed(TABLE_DECIMALS);
}

/** Left-aligns the first column and right-aligns the others, two spaces apart. */
function alignColumns(rows: readonly string[][]): string[] {
  const widths = HEADER.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
      )
      .join('  ')
      .trimEnd(),
  );
}
