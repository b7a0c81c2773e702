// The one module that touches onnxruntime-node: it opens sessions, picks the execution
// provider, and runs padded batches. Everything else in the package sees plain arrays.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { InputError, messageOf, type Logger } from '@scifact/data';

export type ExecutionProvider = 'cuda' | 'cpu';

/** `auto`: CUDA when the runtime has it and it starts, CPU otherwise. */
export type ProviderChoice = ExecutionProvider | 'auto';

export const PROVIDER_CHOICES: readonly ProviderChoice[] = ['auto', 'cuda', 'cpu'];

const INPUT_NAMES = ['input_ids', 'attention_mask', 'sentence_positions'];
const OUTPUT_NAMES = ['label_logits', 'evidence_logits'];
/** The optional fourth input of a model trained with lexical features. */
export const FEATURES_INPUT = 'sentence_features';

const CUDA_LIBRARY = 'libonnxruntime_providers_cuda.so';
const CUDA_LIBRARY_WINDOWS = 'onnxruntime_providers_cuda.dll';

export interface SessionOptions {
  /** Threads inside one operator (`intraOpNumThreads`); 0 lets the runtime choose. */
  threads?: number;
  provider?: ProviderChoice;
}

export interface VerifierSession {
  /** The execution provider the session actually runs on. */
  provider: ExecutionProvider;
  run(batch: PaddedBatch): Promise<BatchOutput>;
  release(): Promise<void>;
}

/** A batch already padded to its longest member, row-major. */
export interface PaddedBatch {
  size: number;
  length: number;
  sentences: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  sentencePositions: BigInt64Array;
  /** Float32 `[size, sentences, count]`, for a model with a `sentence_features` input. */
  sentenceFeatures?: { data: Float32Array; count: number };
}

/** Raw logits: `labelLogits` is `[size, 3]`, `evidenceLogits` is `[size, sentences]`. */
export interface BatchOutput {
  labelLogits: Float32Array;
  evidenceLogits: Float32Array;
}

/**
 * True when the CUDA execution provider's library is installed beside onnxruntime-node's
 * binding. The npm package leaves it out unless installed with
 * `--onnxruntime-node-install=cuda12`, and asking for CUDA without it makes the runtime print
 * a native error, so the file is looked for first.
 */
export function cudaAvailable(): boolean {
  if (!ort.listSupportedBackends().some((backend) => backend.name === 'cuda')) return false;

  const library = process.platform === 'win32' ? CUDA_LIBRARY_WINDOWS : CUDA_LIBRARY;
  const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
  const bin = join(dirname(entry), '../bin');
  const napiDirs = existsSync(bin) ? readdirSync(bin) : [];
  return napiDirs.some((napi) => {
    return existsSync(join(bin, napi, process.platform, process.arch, library));
  });
}

async function createSession(
  modelPath: string,
  provider: ExecutionProvider,
  threads: number,
): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(modelPath, {
      executionProviders: [provider],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
  } catch (error) {
    const message = `cannot load the model on ${provider}: ${messageOf(error)}`;
    throw new InputError(message, { file: modelPath }, { cause: error });
  }
}

function checkSignature(session: ort.InferenceSession, modelPath: string): void {
  const missingInputs = INPUT_NAMES.filter((name) => !session.inputNames.includes(name));
  const missingOutputs = OUTPUT_NAMES.filter((name) => !session.outputNames.includes(name));
  if (missingInputs.length + missingOutputs.length === 0) return;

  const expected = `inputs ${INPUT_NAMES.join(', ')} and outputs ${OUTPUT_NAMES.join(', ')}`;
  const received =
    `inputs ${session.inputNames.join(', ')} and outputs ${session.outputNames.join(', ')}`;
  throw new InputError(`expected a model with ${expected}; it has ${received}`, {
    file: modelPath,
  });
}

/**
 * Opens a verifier model. With `auto`, CUDA is tried when its library is installed, and the
 * CPU is the fallback if it is absent or fails to start; the provider used is logged and
 * returned, so a slow run is never a mystery.
 */
export async function openVerifier(
  modelPath: string,
  options: SessionOptions,
  logger: Logger,
): Promise<VerifierSession> {
  const threads = options.threads ?? 0;
  const choice = options.provider ?? 'auto';
  const installed = choice === 'cpu' ? false : cudaAvailable();
  if (choice === 'cuda' && !installed) {
    const message =
      `the CUDA execution provider is not installed (${CUDA_LIBRARY} beside ` +
      "onnxruntime-node's binding; reinstall it with --onnxruntime-node-install=cuda12)";
    throw new InputError(message, { file: modelPath });
  }
  const tryCuda = choice === 'cuda' || (choice === 'auto' && installed);

  let provider: ExecutionProvider = tryCuda ? 'cuda' : 'cpu';
  let session: ort.InferenceSession;
  try {
    session = await createSession(modelPath, provider, threads);
  } catch (error) {
    if (provider !== 'cuda' || choice === 'cuda') throw error;
    logger.warn(`the CUDA execution provider did not start (${messageOf(error)}); using CPU`);
    provider = 'cpu';
    session = await createSession(modelPath, provider, threads);
  }

  checkSignature(session, modelPath);
  logger.info(`onnxruntime: ${provider} execution provider, ${threads || 'default'} threads`);
  return {
    provider,
    run: (batch) => runBatch(session, batch),
    release: () => session.release(),
  };
}

async function runBatch(session: ort.InferenceSession, batch: PaddedBatch): Promise<BatchOutput> {
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', batch.inputIds, [batch.size, batch.length]),
    attention_mask: new ort.Tensor('int64', batch.attentionMask, [batch.size, batch.length]),
    sentence_positions: new ort.Tensor('int64', batch.sentencePositions, [
      batch.size,
      batch.sentences,
    ]),
  };
  const wantsFeatures = session.inputNames.includes(FEATURES_INPUT);
  if (wantsFeatures !== Boolean(batch.sentenceFeatures)) {
    throw new InputError(
      wantsFeatures
        ? `the model takes ${FEATURES_INPUT}, but its card.json names no lexical_features`
        : `the inputs carry ${FEATURES_INPUT}, but the model has no such input`,
    );
  }
  if (batch.sentenceFeatures) {
    const { data, count } = batch.sentenceFeatures;
    feeds[FEATURES_INPUT] = new ort.Tensor('float32', data, [batch.size, batch.sentences, count]);
  }
  const outputs = await session.run(feeds);
  return {
    labelLogits: outputs.label_logits.data as Float32Array,
    evidenceLogits: outputs.evidence_logits.data as Float32Array,
  };
}
