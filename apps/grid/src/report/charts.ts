import { fiveNumbers } from './stats.ts';
import { formatThreshold, METRIC_LABELS } from './format.ts';
import type { FactorTable, Report } from './types.ts';

/** How many of the best configurations the precision–recall chart draws. */
export const CURVE_COUNT = 5;

/** Above this many configurations, per-configuration charts get a zoom slider. */
const ZOOM_ABOVE = 24;

/** Above this many categories, their labels are set at a slant so that each shows. */
const ROTATE_ABOVE = 6;

export const PALETTE = ['#3a6ea5', '#e07b39', '#4a9a6b', '#c0504d', '#8064a2', '#8c7355'];

/** One chart of the page: a container id and an echarts option that is plain JSON. */
export interface ChartSpec {
  id: string;
  title: string;
  caption: string;
  height: number;
  option: Record<string, unknown>;
}

/** F1 × 100, rounded to the one decimal the page shows, so tooltips agree with tables. */
function scaled(fraction: number): number {
  return Math.round(1000 * fraction) / 10;
}

/** Settings every chart shares; animation is off so a screenshot shows the final frame. */
function baseOption(): Record<string, unknown> {
  return {
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", sans-serif' },
    // echarts 6 keeps axis labels and names inside the canvas by itself (grid.outerBounds).
    grid: { left: 16, right: 24, top: 48, bottom: 28 },
    legend: { top: 8 },
  };
}

/** Extra height for rotated category labels, which grow with the longest id. */
function labelRoom(ids: string[]): number {
  const longest = Math.max(0, ...ids.map((id) => id.length));
  return Math.min(160, 6 * longest);
}

function zoomFor(count: number): Record<string, unknown> {
  if (count <= ZOOM_ABOVE) return {};
  return {
    dataZoom: [
      { type: 'slider', xAxisIndex: 0, startValue: 0, endValue: ZOOM_ABOVE - 1, height: 18 },
      { type: 'inside', xAxisIndex: 0 },
    ],
  };
}

/** Mean and max of the selected F1 per level of one factor. */
export function factorChart(report: Report, table: FactorTable, index: number): ChartSpec {
  const metric = METRIC_LABELS[report.selectBy];
  return {
    id: `chart-factor-${index}-${table.factor.replace(/[^A-Za-z0-9_-]/g, '_')}`,
    title: table.factor,
    caption: `${metric} F1 × 100 per level: mean and best over configurations.`,
    height: 240,
    option: {
      ...baseOption(),
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: table.levels.map((level) => String(level.level)) },
      // Bars start at zero: a cut axis would make a one-point gap look like a doubling.
      yAxis: { type: 'value', name: `${metric} F1` },
      series: [
        {
          name: 'mean',
          type: 'bar',
          data: table.levels.map((level) => scaled(level.mean)),
          label: { show: true, position: 'top' },
        },
        {
          name: 'max',
          type: 'bar',
          data: table.levels.map((level) => scaled(level.max)),
          label: { show: true, position: 'top' },
        },
      ],
    },
  };
}

/** The selected metric's precision against recall across thresholds, for the best few. */
export function curveChart(report: Report): ChartSpec {
  const metric = METRIC_LABELS[report.selectBy];
  const rows = report.rows.slice(0, CURVE_COUNT);
  return {
    id: 'chart-precision-recall',
    title: `${metric} precision and recall across thresholds`,
    caption:
      `The ${rows.length} best configurations on ${report.split}, mean over seeds; ` +
      'points are thresholds, labelled on the best curve.',
    height: 420,
    option: {
      ...baseOption(),
      grid: { left: 16, right: 32, top: 72, bottom: 40 },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', name: 'recall', nameLocation: 'middle', nameGap: 30, scale: true },
      yAxis: { type: 'value', name: 'precision', scale: true },
      // Thresholds run the same way along every curve, so labelling the best one is enough.
      series: rows.map((row, index) => ({
        name: row.id,
        type: 'line',
        symbolSize: 8,
        label: { show: index === 0, formatter: '{b}', position: 'top', fontSize: 11 },
        data: row.curve.map((point) => ({
          name: `t=${formatThreshold(point.threshold)}`,
          value: [scaled(point.recall), scaled(point.precision)],
        })),
      })),
    },
  };
}

/** The selected F1 of each seed per configuration: a box over seeds with the seeds on top. */
export function seedChart(report: Report): ChartSpec {
  const metric = METRIC_LABELS[report.selectBy];
  const ids = report.rows.map((row) => row.id);
  return {
    id: 'chart-seed-spread',
    title: `${metric} F1 over seeds`,
    caption:
      'Per configuration, best first: the box spans the seeds’ quartiles, dots are single ' +
      'seeds, each at its own dev-picked threshold.',
    height: 300 + (ids.length > ROTATE_ABOVE ? labelRoom(ids) : 24),
    option: {
      ...baseOption(),
      ...zoomFor(ids.length),
      tooltip: { trigger: 'item' },
      xAxis: {
        type: 'category',
        data: ids,
        axisLabel: { interval: 0, rotate: ids.length > ROTATE_ABOVE ? 35 : 0 },
      },
      yAxis: { type: 'value', name: `${metric} F1`, scale: true },
      series: [
        {
          name: 'spread',
          type: 'boxplot',
          itemStyle: { color: '#dfe8f3', borderColor: PALETTE[0] },
          data: report.rows.map((row) => fiveNumbers(row.selected.values.map(scaled))),
        },
        {
          name: 'seeds',
          type: 'scatter',
          symbolSize: 7,
          itemStyle: { color: PALETTE[1] },
          data: report.rows.flatMap((row) =>
            row.picks.map((pick) => ({
              name: `seed ${pick.seed}`,
              value: [row.id, scaled(pick.devPicked.metrics[report.selectBy].f1)],
            })),
          ),
        },
      ],
    },
  };
}

/** Mean training seconds per configuration, as horizontal bars so long ids stay readable. */
export function trainingChart(report: Report): ChartSpec {
  const ids = report.rows.map((row) => row.id);
  const shown = Math.min(ids.length, ZOOM_ABOVE);
  const zoom =
    ids.length > ZOOM_ABOVE
      ? {
          dataZoom: [
            { type: 'slider', yAxisIndex: 0, startValue: 0, endValue: shown - 1, width: 14 },
            { type: 'inside', yAxisIndex: 0 },
          ],
        }
      : {};
  return {
    id: 'chart-training-time',
    title: 'Training time per configuration',
    caption:
      'Mean seconds over seeds, best configuration on top. Configurations that differ only in ' +
      'decoding (threshold, NEI rule) share one trained model and its time.',
    height: 80 + 26 * shown,
    option: {
      ...baseOption(),
      ...zoom,
      legend: { show: false },
      grid: { left: 16, right: 48, top: 16, bottom: 16 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: 'seconds', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'category', data: ids, inverse: true, axisLabel: { interval: 0 } },
      series: [
        {
          name: 'train seconds',
          type: 'bar',
          barMaxWidth: 18,
          itemStyle: { color: PALETTE[2] },
          label: { show: true, position: 'right' },
          data: report.rows.map((row) => Math.round(row.trainSeconds.mean)),
        },
      ],
    },
  };
}

/** Every chart the page draws, in page order. */
export function buildCharts(report: Report): ChartSpec[] {
  if (report.rows.length === 0) return [];
  return [
    ...report.byFactor.map((table, index) => factorChart(report, table, index)),
    curveChart(report),
    seedChart(report),
    trainingChart(report),
  ];
}
