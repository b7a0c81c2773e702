/**
 * The report's input (what the runner gathers from each configuration's sweeps) and its output
 * (what `buildReport` derives). Metric values are fractions in [0, 1], as in `metrics.json`;
 * only the references are F1 × 100, as in DESIGN.md's References table.
 */

/** The four official SciFact metrics, in the order the References table lists them. */
export const METRIC_NAMES = [
  'sentence_selection',
  'sentence_label',
  'abstract_label_only',
  'abstract_rationalized',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

export type NeiRule = 'strict' | 'relaxed';

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  correct?: number;
  retrieved?: number;
  relevant?: number;
}

/** One `metrics.json`. */
export interface Metrics {
  abstract_label_only: PRF;
  abstract_rationalized: PRF;
  sentence_selection: PRF;
  sentence_label: PRF;
  notebook: {
    precision: number;
    recall: number;
    f1: number;
    abstract_f1: number;
    label_accuracy: number;
  };
}

export interface SweepRow {
  rule: NeiRule;
  threshold: number;
  metrics: Metrics;
}

/** The rows of one `sweep.json`; its `best` and `selected_by` are recomputed here. */
export interface Sweep {
  rows: SweepRow[];
}

/** One trained model (one seed) of a configuration, decoded over every threshold and rule. */
export interface RunResult {
  seed: number;
  dev: Sweep;
  validation?: Sweep;
  trainSeconds: number;
  /** The train artifact's key; configurations that differ only in decoding share it. */
  modelKey: string;
}

export interface ConfigurationResult {
  /** A short stable id of the configuration. */
  id: string;
  /** Every setting of the configuration, e.g. `{ negatives: 'random', ratio: 0.3 }`. */
  factors: Record<string, string | number>;
  /** The configuration's NEI rule, also one of its factors. */
  rule: NeiRule;
  /** The thresholds the best one is picked among; empty means every swept threshold. */
  thresholds: number[];
  /** One per seed. */
  runs: RunResult[];
}

/** A published or measured system, F1 × 100 per metric. */
export interface ReferenceInput {
  system: string;
  metrics: Partial<Record<MetricName | 'notebook', number>>;
}

export interface ReportInput {
  grid: string;
  encoder: string;
  split: string;
  candidates: string;
  dataChecksum: string;
  /** The metric whose F1 picks thresholds and ranks configurations; usually sentence_label. */
  selectBy: MetricName;
  configurations: ConfigurationResult[];
  references?: ReferenceInput[];
  generatedAt?: string;
}

/** A figure over seeds; `std` is the sample standard deviation, null with one seed. */
export interface Spread {
  mean: number;
  std: number | null;
  values: number[];
}

export interface PRFSpread {
  precision: Spread;
  recall: Spread;
  f1: Spread;
}

/** The official metrics and the notebook's F1, each over seeds. */
export interface MetricSpreads {
  sentence_selection: PRFSpread;
  sentence_label: PRFSpread;
  abstract_label_only: PRFSpread;
  abstract_rationalized: PRFSpread;
  notebook: Spread;
}

/** The thresholds one seed's sweep picked, and the dev figures at each. */
export interface SeedPick {
  seed: number;
  modelKey: string;
  trainSeconds: number;
  /** Picked by the selected metric's dev F1: the notebook's way, and optimistic. */
  devPicked: { threshold: number; metrics: Metrics };
  /**
   * Picked on the validation sweep; `metrics` are the dev figures at that threshold, and
   * `validationOfficialF1` the mean of the four official F1s on validation there.
   */
  validationPicked?: {
    threshold: number;
    validationF1: number;
    validationOfficialF1: number;
    metrics: Metrics;
  };
}

/** One point of a precision–recall curve: the selected metric, mean over seeds. */
export interface CurvePoint {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ConfigurationSummary {
  id: string;
  factors: Record<string, string | number>;
  rule: NeiRule;
  seeds: number[];
  /** The dev-picked threshold of each seed, in seed order. */
  thresholds: number[];
  /** The threshold most seeds picked; the lowest among equally common ones. */
  threshold: number;
  metrics: MetricSpreads;
  /** The selected metric's F1 over seeds: what configurations are ranked by. */
  selected: Spread;
  trainSeconds: Spread;
  modelKeys: string[];
  /** Present when every seed has a validation sweep. */
  validationPicked?: {
    thresholds: number[];
    /** The selected metric's F1 on validation, at the validation-picked thresholds. */
    validationF1: Spread;
    /** The four official F1s' mean on validation there: what breaks a tie of the above. */
    validationOfficialF1: Spread;
    /** Dev figures at the validation-picked thresholds: an unbiased dev estimate. */
    metrics: MetricSpreads;
  };
  /** The selected metric across thresholds under this configuration's rule, dev. */
  curve: CurvePoint[];
  picks: SeedPick[];
}

/** A summary with its place in the ranking, 1 for the best. */
export interface ReportRow extends ConfigurationSummary {
  rank: number;
}

export interface FactorLevel {
  level: string | number;
  /** Configurations with this level. */
  count: number;
  /** Mean and max of those configurations' selected F1 (each already a mean over seeds). */
  mean: number;
  max: number;
  /** Of those configurations, how many rank in the top 10. */
  inTop: number;
  /**
   * Head-to-head wins: among configurations that agree on every other factor, how often the
   * best one has this level. Groups with one member, or a tie for the best, count for none.
   */
  wins: number;
}

export interface FactorTable {
  factor: string;
  levels: FactorLevel[];
}

export interface ReferenceRow {
  system: string;
  metrics: Partial<Record<MetricName | 'notebook', number>>;
  /** True for rows this grid measured, false for rows given in the input. */
  measured: boolean;
}

/** The report: its input's context, then everything worked out from the configurations. */
export interface Report extends Pick<
  ReportInput,
  'grid' | 'encoder' | 'split' | 'candidates' | 'dataChecksum' | 'selectBy'
> {
  generatedAt?: string;
  /** Factors with one level across the grid, shown once in the header. */
  fixedFactors: Record<string, string | number>;
  /** Factors with more than one level, in the order the configurations list them. */
  varyingFactors: string[];
  /** Every configuration, best first by the selected metric's mean dev-picked F1. */
  rows: ReportRow[];
  /** The ids of the first rows, at most `TOP_COUNT`. */
  top: string[];
  byFactor: FactorTable[];
  selection: {
    devPicked?: string;
    /** The configuration with the best validation F1, when every run has validation. */
    validationPicked?: string;
  };
  training: {
    /** Distinct trained models; configurations sharing a model share its time. */
    models: number;
    /** Seconds over distinct models. */
    seconds: number;
  };
  references: ReferenceRow[];
}
