import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildCharts, type ChartSpec } from './charts.ts';
import {
  formatDuration,
  formatSpread,
  formatThresholds,
  METRIC_LABELS,
  METRIC_TITLES,
} from './format.ts';
import { REPORT_CSS } from './style.ts';
import { escapeHtml, factorTable, fullTable, referencesTable, topTable } from './tables.ts';
import { TOP_COUNT } from './build.ts';
import type { Report, ReportRow } from './types.ts';

export interface RenderOptions {
  /** The echarts library's source; by default the installed `echarts.min.js`. */
  echartsSource?: string;
}

let echartsCache: string | undefined;

/** The installed echarts bundle, read once; the page inlines it so it needs no network. */
export function loadEchartsSource(): string {
  if (echartsCache === undefined) {
    const require = createRequire(import.meta.url);
    echartsCache = readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  }
  return echartsCache;
}

/**
 * Library source inside a <script> element: "</script" would end the element early. In a
 * string or a regular expression, the only places it can occur, "<\/" reads back the same.
 */
export function scriptSafe(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}

/** JSON inside a <script type="application/json">: no "<" at all, so no tag can close it. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/**
 * Starts every chart from its JSON option; the page marks itself ready with the number of
 * charts drawn, which tests and screenshots wait for.
 */
const BOOT_SCRIPT = `
(function () {
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  var charts = specs.map(function (spec) {
    var chart = echarts.init(document.getElementById(spec.id), null, { renderer: 'canvas' });
    chart.setOption(spec.option);
    return chart;
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
  document.documentElement.setAttribute('data-charts-ready', String(charts.length));
})();
`;

function chartBlock(spec: ChartSpec): string {
  return [
    '<div class="chart-block">',
    spec.title ? `<h3>${escapeHtml(spec.title)}</h3>` : '',
    `<p class="caption">${escapeHtml(spec.caption)}</p>`,
    `<div class="chart" id="${escapeHtml(spec.id)}" style="height:${spec.height}px"></div>`,
    '</div>',
  ]
    .filter(Boolean)
    .join('\n');
}

function metaItem(term: string, value: string): string {
  return `<div><dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd></div>`;
}

function renderHeader(report: Report): string {
  const seeds = [...new Set(report.rows.flatMap((row) => row.seeds))].sort((a, b) => a - b);
  const fixed = Object.entries(report.fixedFactors)
    .map(([name, level]) => `${name} ${level}`)
    .join(' · ');
  const items = [
    metaItem('grid', report.grid),
    metaItem('encoder', report.encoder),
    metaItem('split', report.split),
    metaItem('candidates', report.candidates),
    metaItem('data checksum', report.dataChecksum),
    metaItem('selection metric', `${METRIC_TITLES[report.selectBy]} F1`),
    metaItem('configurations', String(report.rows.length)),
    metaItem('seeds', seeds.join(', ') || '–'),
    metaItem(
      'training',
      `${report.training.models} models, ${formatDuration(report.training.seconds)}`,
    ),
    ...(report.generatedAt ? [metaItem('generated', report.generatedAt)] : []),
  ];
  return [
    '<header class="card">',
    `<h1>SciFact grid report: ${escapeHtml(report.grid)}</h1>`,
    '<p class="note">F1 × 100 throughout, mean ± sample standard deviation over seeds. ' +
      `Each seed keeps the threshold with the best ${escapeHtml(METRIC_LABELS[report.selectBy])}` +
      ` F1 on ${escapeHtml(report.split)} among its rule's sweep.</p>`,
    `<dl class="meta">${items.join('')}</dl>`,
    fixed ? `<p class="note">Fixed in this grid: ${escapeHtml(fixed)}</p>` : '',
    '</header>',
  ].join('\n');
}

function pickCard(label: string, row: ReportRow, figure: string, detail: string): string {
  return [
    '<div class="pick">',
    `<div class="label">${escapeHtml(label)}</div>`,
    `<div class="figure">${escapeHtml(figure)}</div>`,
    `<div><span class="id">${escapeHtml(row.id)}</span> · ${escapeHtml(detail)}</div>`,
    '</div>',
  ].join('\n');
}

function renderSelection(report: Report): string {
  const metric = METRIC_LABELS[report.selectBy];
  const best = report.rows.find((row) => row.id === report.selection.devPicked);
  if (!best) return '';
  const cards = [
    pickCard(
      `Best on ${report.split} (threshold and configuration picked on ${report.split})`,
      best,
      `${metric} ${formatSpread(best.selected)}`,
      `threshold ${formatThresholds(best.thresholds)}`,
    ),
  ];

  const picked = report.rows.find((row) => row.id === report.selection.validationPicked);
  if (picked?.validationPicked) {
    const onValidation = formatSpread(picked.validationPicked.validationF1);
    cards.push(
      pickCard(
        `Picked on validation, scored on ${report.split}`,
        picked,
        `${metric} ${formatSpread(picked.validationPicked.metrics[report.selectBy].f1)}`,
        `rank ${picked.rank} on ${report.split}, threshold ` +
          `${formatThresholds(picked.validationPicked.thresholds)}, ${onValidation} on validation`,
      ),
    );
  }
  const note = picked?.validationPicked
    ? 'The validation pick is the honest estimate: nothing about it was chosen on the split ' +
      'it is scored on.'
    : 'Without a validation sweep, the best row is optimistic: its threshold and the ' +
      'configuration are chosen on the split they are scored on.';
  return [
    '<section>',
    '<h2>Selection</h2>',
    `<p class="note">${escapeHtml(note)}</p>`,
    `<div class="picks">${cards.join('\n')}</div>`,
    '</section>',
  ].join('\n');
}

function section(title: string, note: string, body: string): string {
  const noteHtml = note ? `<p class="note">${escapeHtml(note)}</p>` : '';
  return `<section>\n<h2>${escapeHtml(title)}</h2>\n${noteHtml}\n${body}\n</section>`;
}

/**
 * The report as one self-contained HTML page: tables, and echarts charts drawn from inline
 * JSON by the inlined library, so it opens offline and from any folder.
 */
export function renderHtml(report: Report, options: RenderOptions = {}): string {
  const charts = buildCharts(report);
  const byId = new Map(charts.map((chart) => [chart.id, chart]));
  const factorCharts = charts.filter((chart) => chart.id.startsWith('chart-factor-'));

  const factorBlocks = report.byFactor.map((table, index) => {
    const chart = factorCharts[index];
    return [
      '<div class="factor">',
      `<div><h3>${escapeHtml(table.factor)}</h3>\n${factorTable(report, table)}</div>`,
      chart ? chartBlock({ ...chart, title: '' }) : '<div></div>',
      '</div>',
    ].join('\n');
  });
  const wideCharts = ['chart-precision-recall', 'chart-seed-spread', 'chart-training-time']
    .map((id) => byId.get(id))
    .filter((chart): chart is ChartSpec => chart !== undefined);

  const body = [
    renderHeader(report),
    renderSelection(report),
    section(
      'References',
      `${report.split} split; published systems as given, highlighted rows measured by this grid.`,
      referencesTable(report),
    ),
    section(
      `Top ${Math.min(TOP_COUNT, report.rows.length)}`,
      'The highlighted column ranks the configurations.',
      report.rows.length > 0 ? topTable(report) : '<p>No configurations.</p>',
    ),
    report.byFactor.length > 0
      ? section(
          'By factor',
          `Wins: how often a level is best among configurations that differ in that ` +
            'factor alone.',
          factorBlocks.join('\n'),
        )
      : '',
    wideCharts.length > 0 ? section('Charts', '', wideCharts.map(chartBlock).join('\n')) : '',
    section('All configurations', '', report.rows.length > 0 ? fullTable(report) : ''),
    `<footer>SciFact grid · ${escapeHtml(report.dataChecksum)}</footer>`,
  ];

  const library = scriptSafe(options.echartsSource ?? loadEchartsSource());
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>SciFact grid report: ${escapeHtml(report.grid)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    `<main>\n${body.filter(Boolean).join('\n')}\n</main>`,
    `<script type="application/json" id="chart-specs">${jsonForScript(charts)}</script>`,
    `<script>${library}</script>`,
    `<script>${BOOT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
