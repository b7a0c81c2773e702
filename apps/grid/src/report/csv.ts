import { METRIC_NAMES, type Report, type ReportRow } from './types.ts';
import { formatNumber } from './format.ts';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge
 * spaces, with inner quotes doubled.
 *
 * @example csvField('say "hi", then go') // '"say ""hi"", then go"'
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? formatNumber(value) : value;
  if (!/[",\r\n]/.test(text) && text.trim() === text) return text;
  return `"${text.replaceAll('"', '""')}"`;
}

export function csvLine(values: Array<string | number | null | undefined>): string {
  return values.map(csvField).join(',');
}

interface Column {
  name: string;
  value: (row: ReportRow) => string | number | null | undefined;
}

/** Every column of a row; validation columns only when the report has validation picks. */
function columnsOf(report: Report): Column[] {
  const factors = [...report.varyingFactors, ...Object.keys(report.fixedFactors)];
  const columns: Column[] = [
    { name: 'rank', value: (row) => row.rank },
    { name: 'id', value: (row) => row.id },
    ...factors.map((factor) => ({ name: factor, value: (row: ReportRow) => row.factors[factor] })),
    { name: 'seeds', value: (row) => row.seeds.join(' ') },
    { name: 'threshold', value: (row) => row.threshold },
    { name: 'thresholds', value: (row) => row.thresholds.map(formatNumber).join(' ') },
  ];

  for (const metric of METRIC_NAMES) {
    columns.push(
      { name: `${metric}_precision`, value: (row) => row.metrics[metric].precision.mean },
      { name: `${metric}_recall`, value: (row) => row.metrics[metric].recall.mean },
      { name: `${metric}_f1`, value: (row) => row.metrics[metric].f1.mean },
      { name: `${metric}_f1_std`, value: (row) => row.metrics[metric].f1.std },
    );
  }
  columns.push(
    { name: 'notebook_f1', value: (row) => row.metrics.notebook.mean },
    { name: 'notebook_f1_std', value: (row) => row.metrics.notebook.std },
    { name: 'train_seconds', value: (row) => row.trainSeconds.mean },
    { name: 'model_keys', value: (row) => row.modelKeys.join(' ') },
  );
  if (!report.rows.some((row) => row.validationPicked)) return columns;

  columns.push(
    {
      name: 'validation_thresholds',
      value: (row) => row.validationPicked?.thresholds.map(formatNumber).join(' '),
    },
    {
      name: `validation_${report.selectBy}_f1`,
      value: (row) => row.validationPicked?.validationF1.mean,
    },
    ...METRIC_NAMES.map((metric) => ({
      name: `validation_picked_${metric}_f1`,
      value: (row: ReportRow) => row.validationPicked?.metrics[metric].f1.mean,
    })),
  );
  return columns;
}

/**
 * All configurations, best first, one line each under a header. Scores are fractions, as in
 * `metrics.json`; means over seeds, with the F1's sample standard deviation beside it.
 */
export function toCsv(report: Report): string {
  const columns = columnsOf(report);
  const lines = [csvLine(columns.map((column) => column.name))];
  for (const row of report.rows) lines.push(csvLine(columns.map((column) => column.value(row))));
  return `${lines.join('\n')}\n`;
}

export function toJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
