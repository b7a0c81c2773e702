import { InputError } from '@scifact/data';
import { mean, mostCommon, spreadOf } from './stats.ts';
import {
  METRIC_NAMES,
  type ConfigurationResult,
  type ConfigurationSummary,
  type CurvePoint,
  type MetricName,
  type Metrics,
  type MetricSpreads,
  type RunResult,
  type SeedPick,
  type SweepRow,
} from './types.ts';

/**
 * The row with the best F1 of `metric`. Ties go to the lowest threshold, so that the pick does
 * not depend on the order a sweep lists its rows in.
 */
export function pickBestRow(rows: SweepRow[], metric: MetricName): SweepRow {
  if (rows.length === 0) throw new Error('pickBestRow needs at least one sweep row');

  let best = rows[0];
  for (const row of rows.slice(1)) {
    const f1 = row.metrics[metric].f1;
    const bestF1 = best.metrics[metric].f1;
    if (f1 > bestF1 || (f1 === bestF1 && row.threshold < best.threshold)) best = row;
  }
  return best;
}

/**
 * The sweep rows a configuration picks among: its own NEI rule and, when it lists
 * thresholds, exactly those, each present once.
 */
export function rowsForConfiguration(
  rows: SweepRow[],
  configuration: ConfigurationResult,
  where: string,
): SweepRow[] {
  const ofRule = rows.filter((row) => row.rule === configuration.rule);
  if (ofRule.length === 0) {
    const rules = [...new Set(rows.map((row) => row.rule))].join(', ') || 'none';
    throw new InputError(
      `${where}: no sweep row has the configuration's rule "${configuration.rule}"; ` +
        `the sweep has rules: ${rules}`,
    );
  }

  const byThreshold = new Map<number, SweepRow>();
  for (const row of ofRule) {
    if (byThreshold.has(row.threshold)) {
      throw new InputError(
        `${where}: the sweep has two rows for rule "${row.rule}" at threshold ${row.threshold}`,
      );
    }
    byThreshold.set(row.threshold, row);
  }
  if (configuration.thresholds.length === 0) return ofRule;

  return configuration.thresholds.map((threshold) => {
    const row = byThreshold.get(threshold);
    if (!row) {
      const swept = [...byThreshold.keys()].sort((a, b) => a - b).join(', ');
      throw new InputError(
        `${where}: threshold ${threshold} is missing from the sweep under rule ` +
          `"${configuration.rule}"; swept thresholds: ${swept}`,
      );
    }
    return row;
  });
}

/** Both picks of one seed: by dev F1, and by validation F1 when there is a validation sweep. */
export function pickSeed(
  run: RunResult,
  configuration: ConfigurationResult,
  selectBy: MetricName,
): SeedPick {
  const where = `configuration ${configuration.id}, seed ${run.seed}`;
  const devRows = rowsForConfiguration(run.dev.rows, configuration, `${where}, dev`);
  const devBest = pickBestRow(devRows, selectBy);
  const pick: SeedPick = {
    seed: run.seed,
    modelKey: run.modelKey,
    trainSeconds: run.trainSeconds,
    devPicked: { threshold: devBest.threshold, metrics: devBest.metrics },
  };
  if (!run.validation) return pick;

  const validationRows = rowsForConfiguration(
    run.validation.rows,
    configuration,
    `${where}, validation`,
  );
  const validationBest = pickBestRow(validationRows, selectBy);
  const devAtPick = devRows.find((row) => row.threshold === validationBest.threshold);
  if (!devAtPick) {
    throw new InputError(
      `${where}: validation picked threshold ${validationBest.threshold}, ` +
        `which the dev sweep lacks under rule "${configuration.rule}"`,
    );
  }
  pick.validationPicked = {
    threshold: validationBest.threshold,
    validationF1: validationBest.metrics[selectBy].f1,
    validationOfficialF1: meanOfficialF1(validationBest.metrics),
    metrics: devAtPick.metrics,
  };
  return pick;
}

/** The mean F1 of the four official metrics. */
export function meanOfficialF1(metrics: Metrics): number {
  const official = [
    metrics.sentence_selection,
    metrics.sentence_label,
    metrics.abstract_label_only,
    metrics.abstract_rationalized,
  ];
  return official.reduce((sum, metric) => sum + metric.f1, 0) / official.length;
}

/** Each official metric's precision, recall and F1, and the notebook's F1, over seeds. */
export function spreadMetrics(perSeed: Metrics[]): MetricSpreads {
  const spreadOfMetric = (name: MetricName) => ({
    precision: spreadOf(perSeed.map((metrics) => metrics[name].precision)),
    recall: spreadOf(perSeed.map((metrics) => metrics[name].recall)),
    f1: spreadOf(perSeed.map((metrics) => metrics[name].f1)),
  });
  return {
    sentence_selection: spreadOfMetric('sentence_selection'),
    sentence_label: spreadOfMetric('sentence_label'),
    abstract_label_only: spreadOfMetric('abstract_label_only'),
    abstract_rationalized: spreadOfMetric('abstract_rationalized'),
    notebook: spreadOf(perSeed.map((metrics) => metrics.notebook.f1)),
  };
}

/** The selected metric at every threshold under the configuration's rule, mean over seeds. */
function curveOf(configuration: ConfigurationResult, selectBy: MetricName): CurvePoint[] {
  const byThreshold = new Map<number, SweepRow[]>();
  for (const run of configuration.runs) {
    const where = `configuration ${configuration.id}, seed ${run.seed}, dev`;
    for (const row of rowsForConfiguration(run.dev.rows, configuration, where)) {
      byThreshold.set(row.threshold, [...(byThreshold.get(row.threshold) ?? []), row]);
    }
  }

  return [...byThreshold.entries()]
    .sort(([a], [b]) => a - b)
    .map(([threshold, rows]) => ({
      threshold,
      precision: mean(rows.map((row) => row.metrics[selectBy].precision)),
      recall: mean(rows.map((row) => row.metrics[selectBy].recall)),
      f1: mean(rows.map((row) => row.metrics[selectBy].f1)),
    }));
}

/** The factors with the NEI rule among them, since the rule is a factor of every grid. */
function factorsWithRule(configuration: ConfigurationResult): Record<string, string | number> {
  const given = configuration.factors.rule;
  if (given !== undefined && given !== configuration.rule) {
    throw new InputError(
      `configuration ${configuration.id}: factor rule is "${given}" but the configuration's ` +
        `rule is "${configuration.rule}"`,
    );
  }
  return given === undefined
    ? { ...configuration.factors, rule: configuration.rule }
    : { ...configuration.factors };
}

/**
 * One configuration over its seeds. Each seed keeps the threshold with the best dev F1 of
 * `selectBy` among the sweep rows of the configuration's rule (the notebook's way, which
 * flatters the figures); with validation sweeps, each seed also picks on validation and
 * reports the dev figures at that threshold.
 */
export function summarizeConfiguration(
  configuration: ConfigurationResult,
  selectBy: MetricName,
): ConfigurationSummary {
  if (!METRIC_NAMES.includes(selectBy)) {
    throw new InputError(
      `unknown selection metric "${selectBy}"; expected one of: ${METRIC_NAMES.join(', ')}`,
    );
  }
  if (configuration.runs.length === 0) {
    throw new InputError(`configuration ${configuration.id} has no runs`);
  }
  const seeds = configuration.runs.map((run) => run.seed);
  const repeated = seeds.find((seed, index) => seeds.indexOf(seed) !== index);
  if (repeated !== undefined) {
    throw new InputError(`configuration ${configuration.id} has seed ${repeated} twice`);
  }

  const picks = [...configuration.runs]
    .sort((a, b) => a.seed - b.seed)
    .map((run) => pickSeed(run, configuration, selectBy));
  const devMetrics = picks.map((pick) => pick.devPicked.metrics);
  const thresholds = picks.map((pick) => pick.devPicked.threshold);
  const metrics = spreadMetrics(devMetrics);

  const summary: ConfigurationSummary = {
    id: configuration.id,
    factors: factorsWithRule(configuration),
    rule: configuration.rule,
    seeds: picks.map((pick) => pick.seed),
    thresholds,
    threshold: mostCommon(thresholds),
    metrics,
    selected: metrics[selectBy].f1,
    trainSeconds: spreadOf(picks.map((pick) => pick.trainSeconds)),
    modelKeys: picks.map((pick) => pick.modelKey),
    curve: curveOf(configuration, selectBy),
    picks,
  };

  const validated = picks.filter((pick) => pick.validationPicked);
  if (validated.length > 0 && validated.length < picks.length) {
    const missing = picks.filter((pick) => !pick.validationPicked).map((pick) => pick.seed);
    throw new InputError(
      `configuration ${configuration.id}: some seeds have a validation sweep and ` +
        `seeds ${missing.join(', ')} do not; give every seed one or none`,
    );
  }
  if (validated.length === picks.length) {
    const validationPicks = picks.map((pick) => pick.validationPicked!);
    summary.validationPicked = {
      thresholds: validationPicks.map((pick) => pick.threshold),
      validationF1: spreadOf(validationPicks.map((pick) => pick.validationF1)),
      validationOfficialF1: spreadOf(validationPicks.map((pick) => pick.validationOfficialF1)),
      metrics: spreadMetrics(validationPicks.map((pick) => pick.metrics)),
    };
  }
  return summary;
}
