import type { ReportInput } from './types.ts';

/** Published dev-split figures (oracle abstracts unless marked open), F1 × 100. */
export const PUBLISHED_REFERENCES: ReportInput['references'] = [
  {
    system: 'no learning: TF-IDF top-2 sentences of every cited abstract, all SUPPORT',
    metrics: {
      sentence_selection: 27.4,
      sentence_label: 18.0,
      abstract_label_only: 50.4,
      abstract_rationalized: 31.0,
      notebook: 20.0,
    },
  },
  {
    system: 'notebook SciBERT baseline (oracle, first cited abstract only)',
    metrics: { notebook: 24.2 },
  },
  {
    system: 'VeriSci, RoBERTa-large (open)',
    metrics: {
      sentence_selection: 48.3,
      sentence_label: 43.1,
      abstract_label_only: 52.1,
      abstract_rationalized: 50.0,
    },
  },
];
