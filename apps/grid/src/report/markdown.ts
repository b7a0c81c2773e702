import { TOP_COUNT } from './build.ts';
import {
  formatDuration,
  formatSpread,
  formatThresholds,
  METRIC_LABELS,
  METRIC_TITLES,
} from './format.ts';
import { METRIC_NAMES, type Report } from './types.ts';

/** Pipes and line breaks would end a markdown table cell early. */
function cell(value: string | number): string {
  return String(value).replaceAll('|', '\\|').replace(/\r?\n/g, ' ');
}

function tableLine(cells: Array<string | number>): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

/**
 * The top rows as a markdown table, with the grid's settings above it: for notes and READMEs.
 * F1 × 100, mean ± sample standard deviation over seeds.
 */
export function toMarkdown(report: Report, limit = TOP_COUNT): string {
  const fixed = Object.entries(report.fixedFactors)
    .map(([name, level]) => `${name} ${level}`)
    .join(', ');
  const lines = [
    `## Grid ${report.grid}: top ${Math.min(limit, report.rows.length)} of ` +
      `${report.rows.length} configurations`,
    '',
    `Encoder ${report.encoder}, ${report.split} split, ${report.candidates} candidates, ` +
      `data ${report.dataChecksum}. Ranked by ${METRIC_TITLES[report.selectBy]} F1 ` +
      `with the threshold picked on ${report.split}; F1 × 100.` +
      (fixed ? ` Fixed: ${fixed}.` : ''),
    '',
  ];

  const header = [
    'rank',
    'id',
    ...report.varyingFactors,
    'threshold',
    ...METRIC_NAMES.map((metric) => METRIC_LABELS[metric]),
    METRIC_LABELS.notebook,
    'train',
  ];
  lines.push(tableLine(header), tableLine(header.map(() => '---')));
  for (const row of report.rows.slice(0, limit)) {
    lines.push(
      tableLine([
        row.rank,
        row.id,
        ...report.varyingFactors.map((factor) => row.factors[factor] ?? ''),
        formatThresholds(row.thresholds),
        ...METRIC_NAMES.map((metric) => formatSpread(row.metrics[metric].f1)),
        formatSpread(row.metrics.notebook),
        formatDuration(row.trainSeconds.mean),
      ]),
    );
  }

  const picked = report.rows.find((row) => row.id === report.selection.validationPicked);
  if (picked?.validationPicked) {
    const f1 = formatSpread(picked.validationPicked.metrics[report.selectBy].f1);
    lines.push(
      '',
      `Picked on validation instead: ${picked.id} (rank ${picked.rank} on dev), ` +
        `${METRIC_LABELS[report.selectBy]} ${f1} on ${report.split} at the thresholds ` +
        'validation chose.',
    );
  }
  lines.push('', ...referenceLines(report));
  return `${lines.join('\n')}\n`;
}

/**
 * The references: published rows, rows this project measured, and this grid's best
 * configuration picked on dev (the notebook's way) and on validation, both scored on dev.
 */
function referenceLines(report: Report): string[] {
  const columns = [...METRIC_NAMES, 'notebook'] as const;
  const lines = [
    tableLine(['system', ...columns.map((metric) => METRIC_LABELS[metric])]),
    tableLine(['---', ...columns.map(() => '---')]),
  ];
  for (const reference of report.references) {
    const values = columns.map((metric) => reference.metrics[metric]?.toFixed(1) ?? '');
    lines.push(tableLine([reference.system, ...values]));
  }

  return lines;
}
