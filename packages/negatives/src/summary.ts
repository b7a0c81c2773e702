import {
  VERDICTS,
  type Claim,
  type Example,
  type ExampleSource,
  type Verdict,
} from '@scifact/data';
import { hasEvidence } from './positives.ts';

const SOURCES: readonly ExampleSource[] = ['gold', 'cited', 'random', 'lexical', 'bm25'];

/** What one kind of negative asked for and made; `shortfall` says why when made < asked. */
export interface NegativeKind {
  kind: 'strategy' | 'cited_negatives' | 'bm25_positives_negatives';
  source: ExampleSource;
  /** The claims it drew from. */
  claims: number;
  asked: number;
  made: number;
  shortfall?: string;
}

/** The contents of `summary.json`, less the settings the CLI adds. */
export interface ExamplesSummary {
  claims: { total: number; with_evidence: number; without_evidence: number };
  examples: number;
  by_label: Record<Verdict, number>;
  by_source: Record<ExampleSource, number>;
  positives: { examples: number; gold: number; cited_without_evidence: number };
  /** Gold examples by how many rationale sentences they hold. */
  evidence_sizes: Record<string, number>;
  negatives: NegativeKind[];
}

export function summarizeExamples(
  claims: readonly Claim[],
  examples: readonly Example[],
  positives: readonly Example[],
  negatives: NegativeKind[],
): ExamplesSummary {
  const withEvidence = claims.filter(hasEvidence).length;
  const gold = positives.filter((example) => example.source === 'gold');

  const sizes = [...new Set(gold.map((example) => example.evidence.length))].sort((a, b) => a - b);
  const evidenceSizes = Object.fromEntries(
    sizes.map((size) => [size, gold.filter((example) => example.evidence.length === size).length]),
  );

  return {
    claims: {
      total: claims.length,
      with_evidence: withEvidence,
      without_evidence: claims.length - withEvidence,
    },
    examples: examples.length,
    by_label: countBy(VERDICTS, examples, (example) => example.label),
    by_source: countBy(SOURCES, examples, (example) => example.source),
    positives: {
      examples: positives.length,
      gold: gold.length,
      cited_without_evidence: positives.length - gold.length,
    },
    evidence_sizes: evidenceSizes,
    negatives,
  };
}

function countBy<K extends string>(
  keys: readonly K[],
  examples: readonly Example[],
  keyOf: (example: Example) => K,
): Record<K, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const example of examples) counts[keyOf(example)] += 1;
  return counts;
}
