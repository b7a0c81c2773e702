// The one module of this package that touches onnxruntime-node: it runs the exported model
// on the trainer's parity inputs and compares with PyTorch's outputs. It runs on the CPU
// execution provider, the one every machine has, and says so in its result.
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { InputError, messageOf } from '@scifact/data';

/** Largest |onnx - torch| a model may show before the run fails. */
export const PARITY_TOLERANCE = 1e-4;

const INPUT_NAMES = ['input_ids', 'attention_mask', 'sentence_positions'] as const;
/** The optional fourth input, float32 `[batch, sentences, features]`. */
const FEATURES_INPUT = 'sentence_features';
const OUTPUT_NAMES = ['label_logits', 'evidence_logits'] as const;

type Matrix = number[][];

/** One batch of parity.json: inputs (int64 as numbers) and PyTorch's outputs. */
interface ParityCase {
  ids: string[];
  inputs: Record<(typeof INPUT_NAMES)[number], Matrix> & { [FEATURES_INPUT]?: number[][][] };
  outputs: Record<(typeof OUTPUT_NAMES)[number], Matrix>;
}

export interface ParityResult {
  maxAbsDiff: number;
  tolerance: number;
  cases: number;
  /** Shapes checked, `batch x length x sentences`, to show the dynamic axes were used. */
  shapes: string[];
  provider: 'cpu';
}

/**
 * Runs `modelFile` with onnxruntime-node on every case of `parityFile` and returns the
 * largest absolute difference from PyTorch's outputs. Above `tolerance` it throws, naming
 * the case, its examples and the output.
 */
export async function checkParity(
  modelFile: string,
  parityFile: string,
  tolerance = PARITY_TOLERANCE,
): Promise<ParityResult> {
  const { cases } = JSON.parse(await readFile(parityFile, 'utf8')) as { cases: ParityCase[] };
  if (!Array.isArray(cases) || cases.length === 0) {
    throw new InputError('holds no parity cases', { file: parityFile });
  }

  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelFile, { executionProviders: ['cpu'] });
  } catch (error) {
    throw new Error(`train: onnxruntime cannot load ${modelFile}: ${messageOf(error)}`, {
      cause: error,
    });
  }

  let maxAbsDiff = 0;
  const shapes: string[] = [];
  try {
    for (const [index, parityCase] of cases.entries()) {
      const { input_ids: ids, sentence_positions: positions } = parityCase.inputs;
      shapes.push(`${ids.length}x${ids[0].length}x${positions[0].length}`);

      const feeds = Object.fromEntries(
        INPUT_NAMES.map((name) => [name, int64Tensor(parityCase.inputs[name])]),
      );
      const features = parityCase.inputs[FEATURES_INPUT];
      if (features) feeds[FEATURES_INPUT] = float32Tensor(features);
      const results = await session.run(feeds);
      for (const name of OUTPUT_NAMES) {
        const diff = maxDifference(results[name].data as Float32Array, parityCase.outputs[name]);
        maxAbsDiff = Math.max(maxAbsDiff, diff);
        if (diff > tolerance) {
          throw new Error(
            `train: ONNX parity failed: ${name} of case ${index} (examples ` +
              `${parityCase.ids.join(', ')}) differs from PyTorch by ${diff.toExponential(2)}, ` +
              `more than ${tolerance}; the exported model does not compute what was trained`,
          );
        }
      }
    }
  } finally {
    await session.release();
  }
  return { maxAbsDiff, tolerance, cases: cases.length, shapes, provider: 'cpu' };
}

function int64Tensor(matrix: Matrix): ort.Tensor {
  const flat = BigInt64Array.from(matrix.flat(), (value) => BigInt(value));
  return new ort.Tensor('int64', flat, [matrix.length, matrix[0].length]);
}

function float32Tensor(cube: number[][][]): ort.Tensor {
  const flat = Float32Array.from(cube.flat(2));
  return new ort.Tensor('float32', flat, [cube.length, cube[0].length, cube[0][0].length]);
}

/** Largest |a - b|; NaN anywhere, or a size mismatch, counts as infinitely far. */
function maxDifference(actual: Float32Array, expected: Matrix): number {
  const flat = expected.flat();
  if (actual.length !== flat.length) return Infinity;
  let max = 0;
  for (let i = 0; i < flat.length; i += 1) {
    const diff = Math.abs(actual[i] - flat[i]);
    if (!(diff <= max)) max = Number.isNaN(diff) ? Infinity : diff;
  }
  return max;
}
