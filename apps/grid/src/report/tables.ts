import { TOP_COUNT } from './build.ts';
import {
  formatDuration,
  formatScore,
  formatThresholds,
  METRIC_LABELS,
  METRIC_TITLES,
} from './format.ts';
import {
  METRIC_NAMES,
  type FactorTable,
  type Report,
  type ReportRow,
  type Spread,
} from './types.ts';

export interface Cell {
  text: string;
  /** A quieter addition after the text, such as a standard deviation. */
  aside?: string;
  className?: string;
  colspan?: number;
  title?: string;
}

type CellLike = string | Cell;

interface BodyRow {
  cells: CellLike[];
  className?: string;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function renderCell(tag: 'th' | 'td', cell: CellLike): string {
  const { text, aside, className, colspan, title } =
    typeof cell === 'string' ? { text: cell } : cell;
  const attributes = [
    className ? ` class="${className}"` : '',
    colspan && colspan > 1 ? ` colspan="${colspan}"` : '',
    title ? ` title="${escapeHtml(title)}"` : '',
  ].join('');
  const asideHtml = aside ? `<span class="sd">${escapeHtml(aside)}</span>` : '';
  return `<${tag}${attributes}>${escapeHtml(text)}${asideHtml}</${tag}>`;
}

/** A table in a horizontally scrolling box, so wide grids stay readable on narrow screens. */
export function renderTable(head: CellLike[][], body: BodyRow[], className?: string): string {
  const headHtml = head
    .map((cells) => `<tr>${cells.map((cell) => renderCell('th', cell)).join('')}</tr>`)
    .join('\n');
  const bodyHtml = body
    .map((row) => {
      const attribute = row.className ? ` class="${row.className}"` : '';
      return `<tr${attribute}>${row.cells.map((cell) => renderCell('td', cell)).join('')}</tr>`;
    })
    .join('\n');
  const attribute = className ? ` class="${className}"` : '';
  return (
    `<div class="scroll"><table${attribute}>\n<thead>${headHtml}</thead>\n` +
    `<tbody>${bodyHtml}</tbody>\n</table></div>`
  );
}

const num = (text: string, extra = ''): Cell => ({ text, className: `num${extra}` });

/** A mean with its standard deviation set quietly beside it, when there are several seeds. */
function spreadCell(spread: Spread, extra = ''): Cell {
  const aside = spread.std === null ? undefined : `±${formatScore(spread.std)}`;
  return { text: formatScore(spread.mean), aside, className: `num${extra}` };
}

/** Published references and this grid's measured rows, F1 × 100. */
export function referencesTable(report: Report): string {
  const columns = [...METRIC_NAMES, 'notebook'] as const;
  const head = [
    [
      'system',
      ...columns.map((name) => ({
        text: METRIC_LABELS[name],
        className: 'num',
        title: METRIC_TITLES[name],
      })),
    ],
  ];
  const body = report.references.map((reference) => ({
    className: reference.measured ? 'measured' : undefined,
    cells: [
      reference.system,
      ...columns.map((name) => {
        const value = reference.metrics[name];
        return num(value === undefined ? '' : value.toFixed(1));
      }),
    ],
  }));
  return renderTable(head, body);
}

function factorCells(report: Report, row: ReportRow): string[] {
  return report.varyingFactors.map((factor) => String(row.factors[factor] ?? ''));
}

/** What a configuration's row starts with in both tables: rank, id, levels, threshold. */
function leadingCells(report: Report, row: ReportRow) {
  return [
    num(String(row.rank)),
    { text: row.id, className: 'id' },
    ...factorCells(report, row),
    num(formatThresholds(row.thresholds)),
  ];
}

function rowClass(report: Report, row: ReportRow): string | undefined {
  return row.id === report.selection.devPicked ? 'best' : undefined;
}

/** The best rows: each metric's F1 (mean ± std over seeds) and the selected one's P and R. */
export function topTable(report: Report, limit = TOP_COUNT): string {
  const selected = METRIC_LABELS[report.selectBy];
  const head = [
    [
      { text: 'rank', className: 'num' },
      'id',
      ...report.varyingFactors,
      { text: 'threshold', className: 'num' },
      ...METRIC_NAMES.map((name) => ({
        text: `${METRIC_LABELS[name]} F1`,
        className: name === report.selectBy ? 'num sel' : 'num',
        title: METRIC_TITLES[name],
      })),
      { text: 'notebook F1', className: 'num', title: METRIC_TITLES.notebook },
      { text: `${selected} P`, className: 'num start' },
      { text: `${selected} R`, className: 'num' },
      { text: 'train', className: 'num' },
    ],
  ];
  const body = report.rows.slice(0, limit).map((row) => ({
    className: rowClass(report, row),
    cells: [
      ...leadingCells(report, row),
      ...METRIC_NAMES.map((name) =>
        spreadCell(row.metrics[name].f1, name === report.selectBy ? ' sel' : ''),
      ),
      spreadCell(row.metrics.notebook),
      num(formatScore(row.metrics[report.selectBy].precision.mean), ' start'),
      num(formatScore(row.metrics[report.selectBy].recall.mean)),
      num(formatDuration(row.trainSeconds.mean)),
    ],
  }));
  return renderTable(head, body);
}

/** Every row with precision, recall and F1 of each official metric. */
export function fullTable(report: Report): string {
  const validated = report.rows.some((row) => row.validationPicked);
  const selected = METRIC_LABELS[report.selectBy];
  const lead: CellLike[] = [
    { text: 'rank', className: 'num' },
    'id',
    ...report.varyingFactors,
    { text: 'threshold', className: 'num' },
  ];
  const groupHead: CellLike[] = [
    { text: '', colspan: lead.length },
    ...METRIC_NAMES.map((name) => ({
      text: METRIC_TITLES[name],
      colspan: 3,
      className: name === report.selectBy ? 'group sel' : 'group',
    })),
    { text: 'notebook', className: 'group' },
    ...(validated ? [{ text: 'picked on validation', colspan: 2, className: 'group' }] : []),
    { text: '', className: 'group' },
  ];
  const columnHead: CellLike[] = [
    ...lead,
    ...METRIC_NAMES.flatMap((name) => [
      { text: 'P', className: 'num start' },
      { text: 'R', className: 'num' },
      { text: 'F1', className: name === report.selectBy ? 'num sel' : 'num' },
    ]),
    { text: 'F1', className: 'num start' },
    ...(validated
      ? [
          { text: 'threshold', className: 'num start' },
          { text: `${selected} F1`, className: 'num', title: `dev ${selected} F1` },
        ]
      : []),
    { text: 'train', className: 'num start' },
  ];

  const body = report.rows.map((row) => ({
    className: rowClass(report, row),
    cells: [
      ...leadingCells(report, row),
      ...METRIC_NAMES.flatMap((name) => [
        num(formatScore(row.metrics[name].precision.mean), ' start'),
        num(formatScore(row.metrics[name].recall.mean)),
        spreadCell(row.metrics[name].f1, name === report.selectBy ? ' sel' : ''),
      ]),
      spreadCell(row.metrics.notebook, ' start'),
      ...(validated
        ? [
            num(
              row.validationPicked ? formatThresholds(row.validationPicked.thresholds) : '',
              ' start',
            ),
            row.validationPicked
              ? spreadCell(row.validationPicked.metrics[report.selectBy].f1)
              : num(''),
          ]
        : []),
      num(formatDuration(row.trainSeconds.mean), ' start'),
    ],
  }));
  return renderTable([groupHead, columnHead], body, 'dense');
}

/** One factor's levels: configurations, mean and max selected F1, top count and wins. */
export function factorTable(report: Report, table: FactorTable): string {
  const selected = METRIC_LABELS[report.selectBy];
  const head = [
    [
      'level',
      { text: 'configs', className: 'num', title: 'configurations with this level' },
      { text: `mean ${selected}`, className: 'num', title: `mean ${selected} F1 × 100` },
      { text: `max ${selected}`, className: 'num', title: `best ${selected} F1 × 100` },
      { text: `in top ${TOP_COUNT}`, className: 'num', title: 'configurations ranked in the top' },
      {
        text: 'wins',
        className: 'num',
        title: 'best among configurations that differ in this factor alone',
      },
    ],
  ];
  const body = table.levels.map((level) => ({
    cells: [
      String(level.level),
      num(String(level.count)),
      num(formatScore(level.mean)),
      num(formatScore(level.max)),
      num(String(level.inTop)),
      num(String(level.wins)),
    ],
  }));
  return renderTable(head, body);
}
