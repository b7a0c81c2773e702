import {
  findBadReference,
  InputError,
  type Claim,
  type CorpusDoc,
  type Example,
  type ExampleSource,
  type Logger,
} from '@scifact/data';
import { buildIndex, type Bm25Index } from '@scifact/retrieval';
import { drawNegatives } from './draw.ts';
import {
  countAsked,
  POOL_SIZE,
  resolveOptions,
  type ExampleOptions,
  type Strategy,
} from './options.ts';
import { bm25Pool, lexicalPool, randomPool, type Pool } from './pools.ts';
import { buildPositives, citedDocIds, hasEvidence, makeNegative } from './positives.ts';
import { createRandom } from './random.ts';
import { summarizeExamples, type ExamplesSummary, type NegativeKind } from './summary.ts';

export interface BuildContext {
  /** A BM25 index over the same corpus, to reuse; one is built when a kind needs it. */
  bm25Index?: Bm25Index;
  logger?: Logger;
}

export interface ExampleSet {
  examples: Example[];
  summary: ExamplesSummary;
}

/**
 * Builds a training set: the positives of claims with evidence, then NEI negatives of each
 * kind the options ask for. The same claims, corpus and options give the same examples in the
 * same order; the seed decides every random choice.
 *
 * @example buildExamples(claims, corpus, { strategy: 'lexical', ratio: 0.3, seed: 42 })
 */
export function buildExamples(
  claims: readonly Claim[],
  corpus: ReadonlyMap<number, CorpusDoc>,
  options: ExampleOptions,
  context: BuildContext = {},
): ExampleSet {
  const settings = resolveOptions(options);
  for (const claim of claims) {
    const problem = findBadReference(claim, corpus);
    if (problem) throw new InputError(problem);
  }

  const positives = buildPositives(claims, corpus);
  const silent = claims.filter((claim) => !hasEvidence(claim));
  const withEvidence = claims.filter(hasEvidence);
  let bm25Index = context.bm25Index;
  const bm25 = () => (bm25Index ??= buildIndex([...corpus.values()]));

  // Each kind draws from its own stream, so switching one on leaves the others' draws alone.
  const { strategy, seed } = settings;
  const strategyPools: Record<Strategy, () => Pool> = {
    random: () => randomPool(corpus),
    lexical: () => lexicalPool(corpus),
    bm25: () => bm25Pool(bm25()),
  };
  const asked = countAsked(settings.ratio, positives.length);
  const drawn = drawNegatives(
    silent,
    asked > 0 ? strategyPools[strategy]() : NO_POOL,
    asked,
    createRandom(seed, `strategy:${strategy}`),
    corpus,
    strategy,
  );
  const kinds = [describeKind('strategy', strategy, silent.length, asked, drawn.length)];

  const cited = settings.citedNegatives ? citedNegatives(silent, corpus) : [];
  if (settings.citedNegatives) {
    kinds.push(describeKind('cited_negatives', 'cited', silent.length, cited.length, cited.length));
  }

  const retrievedAsked = countAsked(settings.bm25PositivesNegatives, positives.length);
  const retrieved = drawNegatives(
    withEvidence,
    retrievedAsked > 0 ? bm25Pool(bm25()) : NO_POOL,
    retrievedAsked,
    createRandom(seed, 'bm25-positives-negatives'),
    corpus,
    'bm25',
  );
  if (settings.bm25PositivesNegatives > 0) {
    const kind = 'bm25_positives_negatives';
    kinds.push(describeKind(kind, 'bm25', withEvidence.length, retrievedAsked, retrieved.length));
  }

  for (const kind of kinds) {
    if (kind.shortfall) context.logger?.warn(`${kind.kind}: ${kind.shortfall}`);
  }
  const examples = [...positives, ...drawn, ...cited, ...retrieved];
  return { examples, summary: summarizeExamples(claims, examples, positives, kinds) };
}

const NO_POOL: Pool = () => [];

/** Every cited abstract of every claim without evidence, as NEI: cited, yet silent. */
function citedNegatives(silent: readonly Claim[], corpus: ReadonlyMap<number, CorpusDoc>) {
  return silent.flatMap((claim) =>
    citedDocIds(claim).map((docId) => makeNegative(claim, corpus.get(docId)!, 'cited')),
  );
}

function describeKind(
  kind: NegativeKind['kind'],
  source: ExampleSource,
  claims: number,
  asked: number,
  made: number,
): NegativeKind {
  const summary: NegativeKind = { kind, source, claims, asked, made };
  if (made < asked) {
    const pool =
      source === 'random' ? 'any abstract it does not cite' : `its top ${POOL_SIZE} by ${source}`;
    summary.shortfall =
      `asked for ${asked}, made ${made}: that is every pair the ${claims} claims offer, ` +
      `each claim being paired at most with ${pool}`;
  }
  return summary;
}
