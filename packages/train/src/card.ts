import { VERDICTS } from '@scifact/data';
import {
  LEXICAL_FEATURES,
  type EncodeLimits,
  type EncodeSummary,
  type ExampleWindow,
} from '@scifact/encoding';
import type { ResolvedEncoder } from './encoder.ts';
import type { ParityResult } from './parity.ts';
import { trainerSettings, type TrainerRecord, type TrainingSettings } from './trainer.ts';
import type { StartingVectors } from './word-vectors.ts';

/** `card.json`: what a model is and how it was made; infer reads `encoder` and `labels`. */
export interface ModelCard {
  stage: 'train';
  key: string;
  /** `compact`, a checkpoint folder, or a hub id, as given to --encoder. */
  encoder: string;
  encoder_details: Record<string, unknown>;
  vocabulary_hash: string;
  vocab_size: number;
  /** The label head's classes in order: VERDICTS. */
  labels: string[];
  config: Record<string, unknown>;
  examples: { file: string; sha256: string; count: number };
  encoding: { limits: EncodeLimits; window: ExampleWindow; summary: EncodeSummary };
  /**
   * Present when the model takes `sentence_features`: the feature names in input order.
   * Infer computes them with the encoding package over the release's corpus.
   */
  lexical_features?: { names: string[] };
  /** Present when the word embeddings started from pretrained vectors. */
  word_vectors?: { source: string; sha256: string; dimensions: number; found: number };
  training: TrainerRecord;
  torch: string;
  python: string;
  device: string;
  parity: { max_abs_diff: number; tolerance: number; cases: number; shapes: string[] };
  files: string[];
}

export interface CardParts {
  key: string;
  encoder: ResolvedEncoder;
  settings: TrainingSettings;
  wordVectors?: StartingVectors;
  examples: { file: string; sha256: string };
  limits: EncodeLimits;
  encodeSummary: EncodeSummary;
  summary: TrainerRecord;
  python: string;
  parity: ParityResult;
  files: string[];
}

export function buildCard(parts: CardParts): ModelCard {
  const { encoder, settings, summary, parity } = parts;
  return {
    stage: 'train',
    key: parts.key,
    encoder: encoder.name,
    encoder_details: {
      ...encoder.identity,
      ...(encoder.checkpointDir ? { folder: encoder.checkpointDir } : {}),
    },
    vocabulary_hash: encoder.tokenizer.vocabularyHash,
    vocab_size: encoder.tokenizer.vocabSize,
    labels: [...VERDICTS],
    config: {
      ...trainerSettings(settings),
      window: settings.window,
      lexical_features: settings.lexicalFeatures,
    },
    examples: { ...parts.examples, count: parts.encodeSummary.examples },
    encoding: { limits: parts.limits, window: settings.window, summary: parts.encodeSummary },
    ...(settings.lexicalFeatures ? { lexical_features: { names: [...LEXICAL_FEATURES] } } : {}),
    ...(parts.wordVectors ? { word_vectors: cardVectors(parts.wordVectors) } : {}),
    training: summary,
    torch: String(summary.torch),
    python: parts.python,
    device: String(summary.device),
    parity: {
      max_abs_diff: parity.maxAbsDiff,
      tolerance: parity.tolerance,
      cases: parity.cases,
      shapes: parity.shapes,
    },
    files: parts.files,
  };
}

function cardVectors({ source, sha256, dimensions, found }: StartingVectors) {
  return { source, sha256, dimensions, found };
}
