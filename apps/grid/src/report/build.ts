import { InputError } from '@scifact/data';
import { summarizeConfiguration } from './summarize.ts';
import type {
  ConfigurationSummary,
  FactorLevel,
  FactorTable,
  MetricSpreads,
  ReferenceRow,
  Report,
  ReportInput,
  ReportRow,
} from './types.ts';

/** How many configurations the top table shows and the by-factor "in top" column counts. */
export const TOP_COUNT = 10;

/** The level a configuration without some factor is counted under. */
export const UNSET_LEVEL = '(unset)';

type Level = string | number;

/**
 * Summarizes every configuration, ranks them by the selected metric's mean dev-picked F1, and
 * tabulates each factor with more than one level. Pure: the same input gives the same report.
 *
 * @example
 *   const report = buildReport({ grid: 'focused', selectBy: 'sentence_label', ... });
 *   report.rows[0].id; // the dev-picked best configuration
 */
export function buildReport(input: ReportInput): Report {
  const selectBy = input.selectBy ?? 'sentence_label';
  const ids = input.configurations.map((configuration) => configuration.id);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) throw new InputError(`configuration id ${repeated} appears twice`);

  const summaries = input.configurations.map((c) => summarizeConfiguration(c, selectBy));
  const rows = rankSummaries(summaries);
  const top = rows.slice(0, TOP_COUNT).map((row) => row.id);

  const { fixedFactors, varyingFactors } = splitFactors(rows);
  const byFactor = varyingFactors.map((factor) =>
    tabulateFactor(rows, factor, varyingFactors, new Set(top)),
  );

  const devPicked = rows[0];
  const validationPicked = pickByValidation(rows);
  const references: ReferenceRow[] = (input.references ?? []).map((reference) => ({
    system: reference.system,
    metrics: { ...reference.metrics },
    measured: false,
  }));
  if (devPicked) {
    const system = `this grid: best by dev F1, threshold picked on dev (${devPicked.id})`;
    references.push({ system, metrics: scaledF1(devPicked.metrics), measured: true });
  }
  if (validationPicked?.validationPicked) {
    const system = `this grid: picked on validation, dev figures (${validationPicked.id})`;
    const metrics = scaledF1(validationPicked.validationPicked.metrics);
    references.push({ system, metrics, measured: true });
  }

  return {
    grid: input.grid,
    encoder: input.encoder,
    split: input.split,
    candidates: input.candidates,
    dataChecksum: input.dataChecksum,
    selectBy,
    ...(input.generatedAt === undefined ? {} : { generatedAt: input.generatedAt }),
    fixedFactors,
    varyingFactors,
    rows,
    top,
    byFactor,
    selection: { devPicked: devPicked?.id, validationPicked: validationPicked?.id },
    training: trainingTotals(rows),
    references,
  };
}

/**
 * Best first by mean selected F1; ties (rule twins share sentence-level F1) by the mean of
 * the four official F1s, then by id, so the order is stable.
 */
export function rankSummaries(summaries: ConfigurationSummary[]): ReportRow[] {
  const official = ({ metrics }: ConfigurationSummary) =>
    (metrics.sentence_selection.f1.mean +
      metrics.sentence_label.f1.mean +
      metrics.abstract_label_only.f1.mean +
      metrics.abstract_rationalized.f1.mean) /
    4;
  return [...summaries]
    .sort(
      (a, b) =>
        b.selected.mean - a.selected.mean || official(b) - official(a) || a.id.localeCompare(b.id),
    )
    .map((summary, index) => ({ rank: index + 1, ...summary }));
}

/** Factor names in first-seen order, split into those with one level and those with more. */
export function splitFactors(rows: ConfigurationSummary[]): {
  fixedFactors: Record<string, Level>;
  varyingFactors: string[];
} {
  const names = [...new Set(rows.flatMap((row) => Object.keys(row.factors)))];
  const fixedFactors: Record<string, Level> = {};
  const varyingFactors: string[] = [];
  for (const name of names) {
    const levels = levelsOf(rows, name);
    if (levels.length > 1) varyingFactors.push(name);
    else fixedFactors[name] = levels[0];
  }
  return { fixedFactors, varyingFactors };
}

export function levelOf(row: ConfigurationSummary, factor: string): Level {
  return row.factors[factor] ?? UNSET_LEVEL;
}

/** Distinct levels: numbers ascending, then strings in the order they first appear. */
export function levelsOf(rows: ConfigurationSummary[], factor: string): Level[] {
  const seen = new Map<string, Level>();
  for (const row of rows) {
    const level = levelOf(row, factor);
    seen.set(keyOf(level), level);
  }
  const levels = [...seen.values()];
  const numbers = levels.filter((level) => typeof level === 'number').sort((a, b) => a - b);
  return [...numbers, ...levels.filter((level) => typeof level === 'string')];
}

/**
 * One factor's levels: count, mean and max of the selected F1, how many rank in the top, and
 * head-to-head wins against configurations that differ in this factor alone.
 */
export function tabulateFactor(
  rows: ConfigurationSummary[],
  factor: string,
  varyingFactors: string[],
  top: Set<string>,
): FactorTable {
  const wins = countWins(rows, factor, varyingFactors);
  const levels: FactorLevel[] = levelsOf(rows, factor).map((level) => {
    const withLevel = rows.filter((row) => keyOf(levelOf(row, factor)) === keyOf(level));
    const scores = withLevel.map((row) => row.selected.mean);
    return {
      level,
      count: withLevel.length,
      mean: scores.reduce((sum, score) => sum + score, 0) / scores.length,
      max: Math.max(...scores),
      inTop: withLevel.filter((row) => top.has(row.id)).length,
      wins: wins.get(keyOf(level)) ?? 0,
    };
  });
  return { factor, levels };
}

/** Groups configurations that agree on every other varying factor; the best of each wins. */
function countWins(
  rows: ConfigurationSummary[],
  factor: string,
  varyingFactors: string[],
): Map<string, number> {
  const others = varyingFactors.filter((name) => name !== factor);
  const groups = new Map<string, ConfigurationSummary[]>();
  for (const row of rows) {
    const key = JSON.stringify(others.map((name) => levelOf(row, name)));
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }

  const wins = new Map<string, number>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const best = Math.max(...group.map((row) => row.selected.mean));
    const winners = group.filter((row) => row.selected.mean === best);
    if (winners.length !== 1) continue;
    const key = keyOf(levelOf(winners[0], factor));
    wins.set(key, (wins.get(key) ?? 0) + 1);
  }
  return wins;
}

/**
 * The configuration with the best mean validation F1, when every one has validation. Twins
 * that differ only in the NEI rule often tie on it (sentence-level metrics do not read the
 * rule); the mean of the four official F1s on validation then decides, so the choice still
 * rests on validation alone.
 */
function pickByValidation(rows: ReportRow[]): ReportRow | undefined {
  if (rows.length === 0 || rows.some((row) => !row.validationPicked)) return undefined;
  const score = (row: ReportRow) => [
    row.validationPicked!.validationF1.mean,
    row.validationPicked!.validationOfficialF1.mean,
  ];
  return rows.reduce((best, row) => {
    const [f1, official] = score(row);
    const [bestF1, bestOfficial] = score(best);
    return f1 > bestF1 || (f1 === bestF1 && official > bestOfficial) ? row : best;
  });
}

function trainingTotals(rows: ReportRow[]): Report['training'] {
  const secondsByModel = new Map<string, number>();
  for (const row of rows) {
    for (const pick of row.picks) {
      if (!secondsByModel.has(pick.modelKey)) secondsByModel.set(pick.modelKey, pick.trainSeconds);
    }
  }
  const seconds = [...secondsByModel.values()].reduce((sum, value) => sum + value, 0);
  return { models: secondsByModel.size, seconds };
}

/** Mean F1 × 100 per metric, the References table's unit. */
function scaledF1(metrics: MetricSpreads): ReferenceRow['metrics'] {
  return {
    sentence_selection: 100 * metrics.sentence_selection.f1.mean,
    sentence_label: 100 * metrics.sentence_label.f1.mean,
    abstract_label_only: 100 * metrics.abstract_label_only.f1.mean,
    abstract_rationalized: 100 * metrics.abstract_rationalized.f1.mean,
    notebook: 100 * metrics.notebook.mean,
  };
}

function keyOf(level: Level): string {
  return JSON.stringify(level);
}
