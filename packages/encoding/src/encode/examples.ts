import {
  InputError,
  readJsonlLines,
  VERDICTS,
  type Example,
  type Place,
  type Verdict,
} from '@scifact/data';
import type { TextTokenizer } from '../tokenizer/text-tokenizer.ts';
import { encodeClaimSentences, type EncodedClaimSentences } from './claim-sentences.ts';
import { resolveLimits, type EncodeLimits } from './limits.ts';
import type { SentenceFeaturizer } from '../features/lexical.ts';

/** One line of `encoded.jsonl`, what the Python trainer reads (see CONTRIBUTING.md). */
export interface EncodedExample {
  id: string;
  input_ids: number[];
  /** Index of the `[SEP]` closing each sentence the input holds. */
  sentence_positions: number[];
  /** 1 where that sentence is evidence; one entry per sentence position. */
  evidence_labels: Array<0 | 1>;
  /** Index into `VERDICTS`: SUPPORT 0, CONTRADICT 1, NOT_ENOUGH_INFO 2. */
  label: number;
  /** With a featurizer: one row of features per sentence position. */
  sentence_features?: number[][];
}

/** Counts of what encoding kept and lost, for the train stage's log. */
export interface EncodeSummary {
  examples: number;
  tokens: number;
  maxLength: number;
  /** `[UNK]` ids among all input ids. */
  unknownTokens: number;
  sentences: number;
  /**
   * Sentences left out because the input was full (or, with the `evidence` window, before
   * the run kept).
   */
  omittedSentences: number;
  examplesWithOmitted: number;
  /** Sentences cut to the per-sentence cap (still present, shortened). */
  truncatedSentences: number;
  truncatedClaims: number;
  evidenceSentences: number;
  /** Evidence sentences among the omitted ones. */
  evidenceLost: number;
  /** Evidence sentences kept but cut to the per-sentence cap. */
  evidenceTruncated: number;
  /** Examples with evidence of which none fitted. */
  examplesWithAllEvidenceLost: number;
}

export interface EncodedExamples {
  records: EncodedExample[];
  summary: EncodeSummary;
}

/**
 * Which sentences an example keeps when its abstract does not fit one input:
 * - `first`: the first ones that fit, as the notebook did (and as inference's first window);
 * - `evidence`: for an example with evidence, the run of sentences that holds the most of it
 *   (the earliest such run on a tie); for one without, the first ones.
 */
export type ExampleWindow = 'first' | 'evidence';

export const EXAMPLE_WINDOWS: readonly ExampleWindow[] = ['first', 'evidence'];

export interface EncodeExamplesOptions {
  window?: ExampleWindow;
  /** Per-sentence features (computed over the whole abstract) to add to each record. */
  features?: SentenceFeaturizer;
  /** The file the examples were read from, for messages. */
  file?: string;
  /** The line of each example in `file`. */
  lines?: readonly number[];
}

/**
 * Encodes training examples into `encoded.jsonl` records: each the claim and the sentences
 * of its abstract that fit the limits (which ones: `options.window`, default `first`), with
 * one evidence label per kept sentence and the label's index in `VERDICTS`. Sentences left
 * out are counted in the summary. An example whose evidence indices do not fit its
 * sentences fails with its id, and with `file:line` when the options say where it was read.
 */
export function encodeExamples(
  examples: Iterable<Example>,
  tokenizer: TextTokenizer,
  limits: Partial<EncodeLimits> = {},
  options: EncodeExamplesOptions = {},
): EncodedExamples {
  const resolved = resolveLimits(limits);
  const window = options.window ?? 'first';
  if (!EXAMPLE_WINDOWS.includes(window)) {
    const allowed = EXAMPLE_WINDOWS.join(', ');
    throw new InputError(`window: expected one of ${allowed}, got ${JSON.stringify(window)}`);
  }

  const { file, lines, features } = options;
  const summary = emptySummary();
  const records: EncodedExample[] = [];
  let position = 0;
  for (const example of examples) {
    checkEncodable(example, file ? { file, line: lines?.[position] } : undefined);
    records.push(encodeOne(example, tokenizer, resolved, { window, features }, summary));
    position += 1;
  }
  return { records, summary };
}

/**
 * Reads `examples.jsonl` (records of `Example`) and encodes it; a malformed record fails
 * with its file and line.
 */
export async function encodeExamplesFile(
  file: string,
  tokenizer: TextTokenizer,
  limits: Partial<EncodeLimits> = {},
  options: Pick<EncodeExamplesOptions, 'window' | 'features'> = {},
): Promise<EncodedExamples> {
  const examples: Example[] = [];
  const lines: number[] = [];
  for await (const { value, line } of readJsonlLines(file, checkExample)) {
    examples.push(value);
    lines.push(line);
  }
  return encodeExamples(examples, tokenizer, limits, { ...options, file, lines });
}

/** The input for an example: its first sentences, or the run holding the most evidence. */
function chooseInput(
  example: Example,
  tokenizer: TextTokenizer,
  limits: EncodeLimits,
  window: ExampleWindow,
): EncodedClaimSentences {
  const { claim, sentences } = example;
  const first = encodeClaimSentences(tokenizer, claim, sentences, limits);
  const evidence = new Set(example.evidence);
  const keptOf = (input: EncodedClaimSentences) =>
    input.sentenceIndices.filter((index) => evidence.has(index)).length;
  if (window === 'first' || keptOf(first) === evidence.size) return first;

  // Sentences are tokenized once and cached, so trying every start costs little.
  let best = first;
  for (let start = 1; start <= Math.max(...evidence); start += 1) {
    const input = encodeClaimSentences(tokenizer, claim, sentences, limits, { start });
    if (keptOf(input) > keptOf(best)) best = input;
  }
  return best;
}

function encodeOne(
  example: Example,
  tokenizer: TextTokenizer,
  limits: EncodeLimits,
  choice: { window: ExampleWindow; features?: SentenceFeaturizer },
  summary: EncodeSummary,
): EncodedExample {
  const input = chooseInput(example, tokenizer, limits, choice.window);
  const evidence = new Set(example.evidence);
  const truncated = new Set(input.truncated);

  summary.examples += 1;
  summary.tokens += input.inputIds.length;
  summary.maxLength = Math.max(summary.maxLength, input.inputIds.length);
  for (const id of input.inputIds) if (id === tokenizer.special.unk) summary.unknownTokens += 1;
  summary.sentences += example.sentences.length;
  summary.omittedSentences += input.omitted.length;
  if (input.omitted.length > 0) summary.examplesWithOmitted += 1;
  summary.truncatedSentences += input.truncated.length;
  if (input.claimTruncated) summary.truncatedClaims += 1;

  const lost = input.omitted.filter((index) => evidence.has(index)).length;
  summary.evidenceSentences += evidence.size;
  summary.evidenceLost += lost;
  summary.evidenceTruncated += [...evidence].filter((index) => truncated.has(index)).length;
  if (evidence.size > 0 && lost === evidence.size) summary.examplesWithAllEvidenceLost += 1;

  const record: EncodedExample = {
    id: example.id,
    input_ids: input.inputIds,
    sentence_positions: input.sentencePositions,
    evidence_labels: input.sentenceIndices.map((index) => (evidence.has(index) ? 1 : 0)),
    label: VERDICTS.indexOf(example.label),
  };
  if (choice.features) {
    // Features are computed over the whole abstract, then the kept sentences' rows taken.
    const rows = choice.features(example.claim, example.sentences);
    record.sentence_features = input.sentenceIndices.map((index) => rows[index]);
  }
  return record;
}

/** The label must be a verdict, and every evidence index one of the example's sentences. */
function checkEncodable(example: Example, place: Place | undefined): void {
  if (!VERDICTS.includes(example.label)) {
    const allowed = VERDICTS.join(', ');
    const label = JSON.stringify(example.label);
    const message = `example "${example.id}": expected a label in ${allowed}, got ${label}`;
    throw new InputError(message, place);
  }

  const count = example.sentences.length;
  for (const index of example.evidence) {
    if (Number.isInteger(index) && index >= 0 && index < count) continue;
    throw new InputError(
      `example "${example.id}": evidence sentence ${index} is not among its ${count} sentences`,
      place,
    );
  }
}

/**
 * Checks the fields encoding reads. The message names the example id where there is one; it
 * is a plain Error, so that the JSONL reader adds the file and line.
 */
export function checkExample(value: unknown): Example {
  const record = value as Partial<Record<keyof Example, unknown>> | null;
  const id = typeof record?.id === 'string' ? record.id : undefined;
  const fail = (what: string): never => {
    throw new Error(id === undefined ? what : `example "${id}": ${what}`);
  };

  if (record === null || typeof record !== 'object') return fail('expected an example object');
  if (id === undefined) fail(`expected "id" to be a string, got ${JSON.stringify(record.id)}`);
  if (typeof record.claim !== 'string') fail('expected "claim" to be a string');
  const sentences = record.sentences;
  if (!Array.isArray(sentences) || sentences.some((s) => typeof s !== 'string')) {
    fail('expected "sentences" to be an array of strings');
  }
  const evidence = record.evidence;
  if (!Array.isArray(evidence) || evidence.some((i) => !Number.isInteger(i))) {
    fail('expected "evidence" to be an array of sentence indices');
  }
  if (!VERDICTS.includes(record.label as Verdict)) {
    const label = JSON.stringify(record.label);
    fail(`expected "label" to be one of ${VERDICTS.join(', ')}, got ${label}`);
  }
  return record as Example;
}

function emptySummary(): EncodeSummary {
  return {
    examples: 0,
    tokens: 0,
    maxLength: 0,
    unknownTokens: 0,
    sentences: 0,
    omittedSentences: 0,
    examplesWithOmitted: 0,
    truncatedSentences: 0,
    truncatedClaims: 0,
    evidenceSentences: 0,
    evidenceLost: 0,
    evidenceTruncated: 0,
    examplesWithAllEvidenceLost: 0,
  };
}
