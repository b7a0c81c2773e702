import { join } from 'node:path';
import {
  artifactKey,
  checkCountOption,
  InputError,
  loadCorpus,
  loadSplitClaims,
  secondsSince,
  sha256File,
  writeDirAtomic,
  writeJsonAtomic,
  writeJsonl,
  type AnySplit,
  type CandidateSource,
  type Claim,
  type CorpusDoc,
  type Logger,
} from '@scifact/data';
import { buildIndex, readRankings, type SearchHit } from '@scifact/retrieval';
import { oracleCandidates, openCandidates, type Candidate } from './candidates.ts';
import { scoreCandidates, type ScoreCandidatesResult } from './infer.ts';
import { loadModelFolder } from './model.ts';
import { openVerifier, type ExecutionProvider, type ProviderChoice } from './runtime.ts';

export const DEFAULT_K = 3;
export const DEFAULT_BATCH_SIZE = 16;

export interface InferSettings {
  /** A train stage folder: `model.onnx` and the tokenizer files beside it. */
  modelDir: string;
  dataDir: string;
  /** Any split, `fit` and `validation` included. */
  split: AnySplit;
  candidates: CandidateSource;
  /** Retrieved abstracts per claim, for open candidates. */
  k?: number;
  /** A retrieval stage's `rankings.jsonl`; without it, open candidates come from BM25 here. */
  rankingsFile?: string;
  /** Only the first N claims of the split in file order, for smoke runs (as in decode). */
  claimsLimit?: number;
  threads?: number;
  batchSize?: number;
  provider?: ProviderChoice;
  /** Output folder; defaults to `artifacts/infer/<key>`. */
  out?: string;
}

/** The contents of `summary.json`. */
export interface InferSummary {
  key: string;
  out: string;
  model: string;
  model_sha256: string;
  encoder?: string;
  split: AnySplit;
  candidates: CandidateSource;
  k?: number;
  rankings: string;
  claims: number;
  abstracts: number;
  sentences: number;
  inputs: number;
  windowed_abstracts: number;
  provider: ExecutionProvider;
  threads: number;
  batch_size: number;
  seconds: number;
  claims_per_second: number;
}

/** The settings an output depends on; thread count and batch size change only speed. */
async function keyOf(settings: InferSettings, modelSha256: string): Promise<string> {
  const open = settings.candidates === 'open';
  return artifactKey({
    stage: 'infer',
    model: modelSha256,
    split: settings.split,
    candidates: settings.candidates,
    k: open ? (settings.k ?? DEFAULT_K) : undefined,
    rankings: open && settings.rankingsFile ? await sha256File(settings.rankingsFile) : undefined,
    claims_limit: settings.claimsLimit,
  });
}

async function rankingsFor(
  settings: InferSettings,
  claims: readonly Claim[],
  corpus: ReadonlyMap<number, CorpusDoc>,
  k: number,
  logger: Logger,
): Promise<Map<number, SearchHit[]>> {
  if (settings.rankingsFile) {
    const rankings = await readRankings(settings.rankingsFile);
    return new Map(rankings.map((entry) => [entry.claim_id, entry.ranking]));
  }

  const start = performance.now();
  const index = buildIndex([...corpus.values()]);
  const rankings = new Map(claims.map((claim) => [claim.id, index.search(claim.claim, k)]));
  logger.info(`infer: BM25 over ${index.size} abstracts, top ${k} in ${secondsSince(start)}`);
  return rankings;
}

/** Candidates of the chosen setting for the given claims. */
export async function buildCandidates(
  settings: InferSettings,
  claims: readonly Claim[],
  corpus: ReadonlyMap<number, CorpusDoc>,
  logger: Logger,
): Promise<Candidate[]> {
  if (settings.candidates === 'oracle') return oracleCandidates(claims);

  const k = checkCountOption('k', settings.k ?? DEFAULT_K);
  return openCandidates(claims, await rankingsFor(settings, claims, corpus, k, logger), k);
}

interface ModelRun {
  result: ScoreCandidatesResult;
  /** The encoder the model card names, if there is a card. */
  encoder?: string;
  provider: ExecutionProvider;
  threads: number;
  batchSize: number;
  seconds: number;
}

/** Opens the model, scores the candidates and releases the session, failing or not. */
async function runModel(
  settings: InferSettings,
  candidates: readonly Candidate[],
  claims: readonly Claim[],
  corpus: ReadonlyMap<number, CorpusDoc>,
  logger: Logger,
): Promise<ModelRun> {
  const model = await loadModelFolder(settings.modelDir, logger, corpus);
  const threads = settings.threads ?? 0;
  const batchSize = settings.batchSize ?? DEFAULT_BATCH_SIZE;
  const sessionOptions = { threads, provider: settings.provider };
  const session = await openVerifier(model.modelFile, sessionOptions, logger);

  const start = performance.now();
  try {
    const byId = new Map(claims.map((claim) => [claim.id, claim]));
    const result = await scoreCandidates(candidates, byId, corpus, {
      session,
      encode: model.encode,
      padId: model.padId,
      batchSize,
      logger,
    });
    const seconds = (performance.now() - start) / 1000;
    const encoder = model.card?.encoder;
    return { result, encoder, provider: session.provider, threads, batchSize, seconds };
  } finally {
    await session.release();
  }
}

/**
 * Runs the infer stage end to end: reads the split and corpus, picks candidates, scores them
 * with the model, and writes `probabilities.jsonl` and `summary.json` into one folder, which
 * appears whole or not at all.
 */
export async function runInfer(settings: InferSettings, logger: Logger): Promise<InferSummary> {
  const start = performance.now();
  const modelFile = join(settings.modelDir, 'model.onnx');
  const modelSha256 = await sha256File(modelFile).catch((cause) => {
    const message = 'expected model.onnx in the model folder';
    throw new InputError(message, { file: modelFile }, { cause });
  });
  const key = await keyOf(settings, modelSha256);
  const out = settings.out ?? join('artifacts', 'infer', key);

  const limit = settings.claimsLimit;
  const claims = await loadSplitClaims(settings.dataDir, settings.split, { limit });
  const corpus = await loadCorpus(settings.dataDir);
  const candidates = await buildCandidates(settings, claims, corpus, logger);
  logger.info(`infer: ${claims.length} ${settings.split} claims, ${candidates.length} abstracts`);

  const run = await runModel(settings, candidates, claims, corpus, logger);
  const { records } = run.result;
  const open = settings.candidates === 'open';
  const summary: InferSummary = {
    key,
    out,
    model: settings.modelDir,
    model_sha256: modelSha256,
    encoder: run.encoder,
    split: settings.split,
    candidates: settings.candidates,
    k: open ? (settings.k ?? DEFAULT_K) : undefined,
    rankings: open ? (settings.rankingsFile ?? 'bm25') : 'none',
    claims: claims.length,
    abstracts: records.length,
    sentences: records.reduce((sum, record) => sum + record.sentence_probs.length, 0),
    inputs: run.result.inputs,
    windowed_abstracts: run.result.windowedAbstracts,
    provider: run.provider,
    threads: run.threads,
    batch_size: run.batchSize,
    seconds: Number(run.seconds.toFixed(2)),
    claims_per_second: Number((claims.length / run.seconds).toFixed(2)),
  };
  await writeDirAtomic(out, async (dir) => {
    await writeJsonl(join(dir, 'probabilities.jsonl'), records);
    await writeJsonAtomic(join(dir, 'summary.json'), summary);
  });

  logger.info(
    `infer: ${summary.claims} claims, ${summary.abstracts} abstracts, ` +
      `${summary.sentences} sentences (${summary.inputs} inputs, ` +
      `${summary.windowed_abstracts} windowed) on ${summary.provider}, ` +
      `${summary.claims_per_second} claims/s -> ${out} in ${secondsSince(start)}`,
  );
  return summary;
}
