/**
 * The factors a grid may vary, each with the check its levels must pass. A factor missing
 * from a spec takes its default, a single level.
 */
export interface FactorSpec {
  describe: string;
  default: unknown;
  check: (level: unknown) => string | undefined;
}

const oneOf =
  (allowed: readonly string[]) =>
  (level: unknown): string | undefined =>
    typeof level === 'string' && allowed.includes(level)
      ? undefined
      : `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}`;

const numberIn =
  (min: number, max: number, integer = false) =>
  (level: unknown): string | undefined => {
    const ok =
      typeof level === 'number' &&
      Number.isFinite(level) &&
      level >= min &&
      level <= max &&
      (!integer || Number.isInteger(level));
    return ok ? undefined : `expected ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`;
  };

const thresholdList = (level: unknown): string | undefined => {
  const ok =
    Array.isArray(level) &&
    level.length > 0 &&
    level.every((t) => typeof t === 'number' && t > 0 && t < 1);
  return ok ? undefined : 'expected a non-empty list of thresholds in (0, 1)';
};

const candidates = (level: unknown): string | undefined =>
  level === 'oracle' || (typeof level === 'string' && /^open:[1-9][0-9]*$/.test(level))
    ? undefined
    : "expected 'oracle' or 'open:<k>', for example 'open:3'";

const encoder = (level: unknown): string | undefined =>
  typeof level === 'string' && level.length > 0
    ? undefined
    : "expected 'compact', a checkpoint folder or a hub id";

export const FACTORS = {
  negatives: {
    describe: 'how NEI negatives for claims without evidence are mined',
    default: 'random',
    check: oneOf(['random', 'lexical', 'bm25']),
  },
  ratio: {
    describe: 'NEI negatives per positive example',
    default: 0.3,
    check: numberIn(0, 10),
  },
  cited_negatives: {
    describe: 'add the cited abstracts of claims without evidence as NEI examples',
    default: false,
    check: (level: unknown) => (typeof level === 'boolean' ? undefined : 'expected true or false'),
  },
  bm25_positive_negatives: {
    describe: 'top BM25 non-cited abstracts per positive, for claims with evidence',
    default: 0,
    check: numberIn(0, 10),
  },
  evidence_loss: {
    describe: 'the evidence loss',
    default: 'bce',
    check: oneOf(['bce', 'focal', 'weighted_bce']),
  },
  evidence_weight: {
    describe: 'the weight of the evidence loss beside the label loss',
    default: 2.0,
    check: numberIn(0, 100),
  },
  focal_alpha: { describe: 'focal loss alpha', default: 0.75, check: numberIn(0, 1) },
  focal_gamma: { describe: 'focal loss gamma', default: 2.0, check: numberIn(0, 10) },
  pos_weight: { describe: 'weighted BCE pos_weight', default: 3.0, check: numberIn(0, 100) },
  nei_rule: {
    describe: 'strict turns a label into NEI when no sentence passes the threshold',
    default: 'strict',
    check: oneOf(['strict', 'relaxed']),
  },
  thresholds: {
    describe: 'the evidence thresholds swept at decoding',
    default: [0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6],
    check: thresholdList,
  },
  encoder: { describe: 'the encoder to fine-tune', default: 'compact', check: encoder },
  lexical_features: {
    describe: 'feed claim-sentence BM25 features beside the encoder (the offline default)',
    default: true,
    check: (level: unknown) => (typeof level === 'boolean' ? undefined : 'expected true or false'),
  },
  pretraining: {
    describe: "compact: 'none', or 'mlm' (masked language modelling on the corpus first)",
    default: 'none',
    check: oneOf(['none', 'mlm']),
  },
  word_vectors: {
    describe: "compact: word embeddings from 'none' (random) or 'wink-sg-100d' (GloVe-derived)",
    default: 'none',
    check: oneOf(['none', 'wink-sg-100d']),
  },
  window: {
    describe: 'for abstracts too long to train on whole: the first sentences, or the evidence',
    default: 'evidence',
    check: oneOf(['first', 'evidence']),
  },
  epochs: { describe: 'training epochs', default: 3, check: numberIn(1, 100, true) },
  lr: { describe: 'peak learning rate', default: 5e-4, check: numberIn(1e-7, 1) },
  batch_size: { describe: 'training batch size', default: 8, check: numberIn(1, 1024, true) },
  candidates: {
    describe: "the abstracts scored per claim: 'oracle' or 'open:<k>'",
    default: 'oracle',
    check: candidates,
  },
} satisfies Record<string, FactorSpec>;

export type FactorName = keyof typeof FACTORS;

export const FACTOR_NAMES = Object.keys(FACTORS) as FactorName[];
