import { formatPlace, InputError, messageOf, type Claim, type JsonlLine } from '@scifact/data';
import { DOC_ID_KEY, toPreparedGold, type PreparedGold } from './gold.ts';
import { MAX_ABSTRACT_SENTS } from './official.ts';
import { NOT_ENOUGH_INFO, type ClaimPrediction, type PredictedAbstract } from './prediction.ts';

/** Doc id to the number of sentences of its abstract: all a check needs of the corpus. */
export type CorpusSizes = ReadonlyMap<number, number>;

/** Predictions that passed every check, with what people should know about them. */
export interface CheckedPredictions {
  predictions: ClaimPrediction[];
  /** Things that change scores in ways a reader may not expect; one line per kind. */
  warnings: string[];
  /** Things worth a line at info level; one line per kind. */
  notes: string[];
}

const ALLOWED_LABELS = ['SUPPORT', 'CONTRADICT', NOT_ENOUGH_INFO];

/** How much of a bad value an error message quotes. */
const MAX_SHOWN_CHARS = 80;

export type FindingKind = 'repeat' | 'nei' | 'overCap';

/** The first occurrence of something a check noticed, and how often it occurred. */
interface Tally {
  count: number;
  first: string;
}

/**
 * Checks parsed lines of an official prediction file and returns the predictions. Fails on
 * the first problem with an `InputError` naming the file and line: a record of the wrong
 * shape, an unknown or repeated claim id, an abstract not in the corpus, a sentence index
 * outside its abstract, an unknown label. Repeated sentence indices and NOT_ENOUGH_INFO
 * labels are accepted and scored as the official evaluator scores them, with a warning.
 */
export function checkPredictions(
  lines: readonly JsonlLine<unknown>[],
  gold: readonly Claim[] | PreparedGold,
  corpus: CorpusSizes,
  file: string,
): CheckedPredictions {
  const prepared = toPreparedGold(gold);
  const predictions: ClaimPrediction[] = [];
  const firstLines = new Map<number, number>();
  const tallies = new Map<FindingKind, Tally>();

  for (const { value, line } of lines) {
    const place = { file, line };
    const note = (kind: FindingKind, what: string) => {
      const tally = tallies.get(kind) ?? { count: 0, first: `${formatPlace(place)}, ${what}` };
      tally.count += 1;
      tallies.set(kind, tally);
    };

    let prediction: ClaimPrediction;
    try {
      prediction = checkPredictionRecord(value, prepared, corpus, note);
    } catch (error) {
      throw new InputError(messageOf(error), place, { cause: error });
    }

    const firstLine = firstLines.get(prediction.id);
    if (firstLine !== undefined) {
      throw new InputError(
        `claim ${prediction.id} is predicted twice (first at line ${firstLine})`,
        place,
      );
    }
    firstLines.set(prediction.id, line);
    predictions.push(prediction);
  }

  const missing = [...prepared.claims.keys()].filter((id) => !firstLines.has(id));
  return {
    predictions,
    warnings: describeWarnings(tallies, missing, prepared.claims.size),
    notes: describeNotes(tallies),
  };
}

/** Checks one record; `note` hears of anything accepted but worth a warning. */
export function checkPredictionRecord(
  value: unknown,
  gold: PreparedGold,
  corpus: CorpusSizes,
  note: (kind: FindingKind, what: string) => void = () => undefined,
): ClaimPrediction {
  if (!isPlainObject(value)) {
    throw new Error(`expected a prediction object {"id", "evidence"}, received ${show(value)}`);
  }
  if (!Number.isInteger(value.id)) {
    throw new Error(`expected an integer claim id, received ${show(value.id)}`);
  }
  const id = value.id as number;
  if (!gold.claims.has(id)) {
    throw new Error(`unknown claim id ${id}: it is not among the ${gold.claims.size} gold claims`);
  }
  if (!isPlainObject(value.evidence)) {
    throw new Error(
      `claim ${id}: expected evidence to be an object keyed by doc id, received ${show(value.evidence)}`,
    );
  }

  for (const [docKey, entry] of Object.entries(value.evidence)) {
    if (!DOC_ID_KEY.test(docKey)) {
      throw new Error(
        `claim ${id}: abstract key ${show(docKey)} is not a doc id (decimal digits, no leading zero)`,
      );
    }
    const sentenceCount = corpus.get(Number(docKey));
    if (sentenceCount === undefined) {
      throw new Error(`claim ${id}: unknown abstract ${docKey}: it is not in the corpus`);
    }
    const where = `claim ${id}, abstract ${docKey}`;
    checkPredictedAbstract(where, entry, sentenceCount, note);
  }
  return value as unknown as ClaimPrediction;
}

function checkPredictedAbstract(
  where: string,
  entry: unknown,
  sentenceCount: number,
  note: (kind: FindingKind, what: string) => void,
): void {
  if (!isPlainObject(entry)) {
    throw new Error(`${where}: expected {"sentences", "label"}, received ${show(entry)}`);
  }
  const { sentences, label } = entry as Partial<Record<keyof PredictedAbstract, unknown>>;
  if (!ALLOWED_LABELS.includes(label as string)) {
    throw new Error(
      `${where}: unknown label ${show(label)}; expected SUPPORT or CONTRADICT (NOT_ENOUGH_INFO is skipped)`,
    );
  }
  if (!Array.isArray(sentences) || !sentences.every((item) => Number.isInteger(item))) {
    throw new Error(
      `${where}: expected sentences to be an array of integers, received ${show(sentences)}`,
    );
  }

  for (const sentence of sentences as number[]) {
    if (sentence < 0 || sentence >= sentenceCount) {
      throw new Error(
        `${where}: sentence index ${sentence} is outside the abstract, which has ${sentenceCount} sentences (0 to ${sentenceCount - 1})`,
      );
    }
  }

  const repeated = findRepeat(sentences as number[]);
  if (repeated !== undefined) note('repeat', `${where}, sentence ${repeated}`);
  if (label === NOT_ENOUGH_INFO) note('nei', where);
  else if (sentences.length > MAX_ABSTRACT_SENTS) note('overCap', where);
}

function findRepeat(sentences: readonly number[]): number | undefined {
  const seen = new Set<number>();
  for (const sentence of sentences) {
    if (seen.has(sentence)) return sentence;
    seen.add(sentence);
  }
  return undefined;
}

function describeWarnings(
  tallies: ReadonlyMap<FindingKind, Tally>,
  missing: readonly number[],
  goldClaims: number,
): string[] {
  const warnings: string[] = [];
  const repeat = tallies.get('repeat');
  if (repeat) {
    warnings.push(
      `${repeat.count} predicted abstract(s) list a sentence more than once (first: ${repeat.first}). As in the official evaluator, every listed sentence counts as retrieved, a repeat earns no credit, and it takes one of the first ${MAX_ABSTRACT_SENTS} places abstract-level scoring reads.`,
    );
  }
  const nei = tallies.get('nei');
  if (nei) {
    warnings.push(
      `${nei.count} predicted abstract(s) are labelled NOT_ENOUGH_INFO (first: ${nei.first}). They are not predictions: they are skipped, as the official metrics skip them.`,
    );
  }
  if (missing.length > 0) {
    warnings.push(
      `${missing.length} of ${goldClaims} gold claims have no prediction (first: claim ${missing[0]}); each counts as predicting nothing, and its gold evidence still counts in recall.`,
    );
  }
  return warnings;
}

function describeNotes(tallies: ReadonlyMap<FindingKind, Tally>): string[] {
  const overCap = tallies.get('overCap');
  if (!overCap) return [];
  return [
    `${overCap.count} predicted abstract(s) list more than ${MAX_ABSTRACT_SENTS} sentences (first: ${overCap.first}); abstract-level scoring reads the first ${MAX_ABSTRACT_SENTS}, sentence-level scoring all of them.`,
  ];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A received value for a message, cut short so one bad line cannot flood the terminal. */
function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
}
