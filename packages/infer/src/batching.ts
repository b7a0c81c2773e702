import { sigmoid, softmax } from './math.ts';
import type { BatchOutput, PaddedBatch, VerifierSession } from './runtime.ts';

/** One model input: `[CLS] claim [SEP] s1 [SEP] ...` as token ids, with each closing [SEP]. */
export interface ModelInput {
  inputIds: number[];
  sentencePositions: number[];
  /** For a model that takes `sentence_features`: one row per sentence position. */
  sentenceFeatures?: number[][];
}

/** What the model says about one input, as probabilities. */
export interface InputProbabilities {
  /** Softmax of the label logits, in `VERDICTS` order. */
  labelProbs: [number, number, number];
  /** Sigmoid of each sentence's evidence logit; padded slots are dropped. */
  sentenceProbs: number[];
}

export interface BatchingOptions {
  batchSize: number;
  /** The tokenizer's [PAD] id; the attention mask hides it either way. */
  padId?: number;
  onBatch?: (done: number, total: number) => void;
}

/**
 * Groups input indices into batches of similar length: longest first, ties by index, so
 * padding stays small and the grouping is the same on every run.
 */
export function planBatches(inputs: readonly ModelInput[], batchSize: number): number[][] {
  const order = inputs.map((_, index) => index);
  order.sort((a, b) => inputs[b].inputIds.length - inputs[a].inputIds.length || a - b);

  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    batches.push(order.slice(start, start + batchSize));
  }
  return batches;
}

/**
 * Pads the chosen inputs to the longest of them; sentence slots (and their features, when
 * the inputs carry any) are padded with 0.
 */
export function padBatch(
  inputs: readonly ModelInput[],
  indices: readonly number[],
  padId = 0,
): PaddedBatch {
  const length = Math.max(...indices.map((i) => inputs[i].inputIds.length));
  const sentences = Math.max(1, ...indices.map((i) => inputs[i].sentencePositions.length));
  const inputIds = new BigInt64Array(indices.length * length).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(indices.length * length);
  const sentencePositions = new BigInt64Array(indices.length * sentences);

  indices.forEach((inputIndex, row) => {
    const input = inputs[inputIndex];
    input.inputIds.forEach((id, column) => {
      inputIds[row * length + column] = BigInt(id);
      attentionMask[row * length + column] = 1n;
    });
    input.sentencePositions.forEach((position, slot) => {
      sentencePositions[row * sentences + slot] = BigInt(position);
    });
  });
  const batch = { size: indices.length, length, sentences, inputIds, attentionMask };
  const features = padFeatures(inputs, indices, sentences);
  return { ...batch, sentencePositions, ...(features ? { sentenceFeatures: features } : {}) };
}

function padFeatures(
  inputs: readonly ModelInput[],
  indices: readonly number[],
  sentences: number,
): { data: Float32Array; count: number } | undefined {
  const first = inputs[indices[0]].sentenceFeatures;
  if (!first) return undefined;
  const count = first[0]?.length ?? 0;
  const data = new Float32Array(indices.length * sentences * count);
  indices.forEach((inputIndex, row) => {
    inputs[inputIndex].sentenceFeatures?.forEach((values, slot) => {
      data.set(values, (row * sentences + slot) * count);
    });
  });
  return { data, count };
}

function readRow(
  output: BatchOutput,
  batch: PaddedBatch,
  row: number,
  sentenceCount: number,
): InputProbabilities {
  const labelLogits = output.labelLogits.subarray(row * 3, row * 3 + 3);
  const evidenceStart = row * batch.sentences;
  const evidenceEnd = evidenceStart + sentenceCount;
  const evidenceLogits = output.evidenceLogits.subarray(evidenceStart, evidenceEnd);
  return {
    labelProbs: softmax(labelLogits) as [number, number, number],
    sentenceProbs: Array.from(evidenceLogits, sigmoid),
  };
}

/**
 * Runs every input through the model in padded batches and returns the probabilities in the
 * inputs' own order, whatever order the batches ran in.
 */
export async function runInBatches(
  session: VerifierSession,
  inputs: readonly ModelInput[],
  options: BatchingOptions,
): Promise<InputProbabilities[]> {
  const results = new Array<InputProbabilities>(inputs.length);
  const batches = planBatches(inputs, options.batchSize);

  for (const [done, indices] of batches.entries()) {
    const batch = padBatch(inputs, indices, options.padId);
    const output = await session.run(batch);
    indices.forEach((inputIndex, row) => {
      const sentenceCount = inputs[inputIndex].sentencePositions.length;
      results[inputIndex] = readRow(output, batch, row, sentenceCount);
    });
    options.onBatch?.(done + 1, batches.length);
  }
  return results;
}
