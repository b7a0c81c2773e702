import {
  EVIDENCE_LABELS,
  InputError,
  messageOf,
  type Claim,
  type EvidenceLabel,
} from '@scifact/data';

/** A gold evidence abstract: one label, and rationale sets of sentence indices. */
export interface GoldAbstract {
  label: EvidenceLabel;
  rationales: readonly (readonly number[])[];
}

/** A gold claim, with its evidence abstracts keyed by doc id written as in the release. */
export interface GoldClaim {
  id: number;
  abstracts: ReadonlyMap<string, GoldAbstract>;
}

/**
 * Gold claims checked and indexed once, so that scoring many prediction sets (a threshold
 * sweep) pays for it once. Claims keep the order they were given in.
 */
export interface PreparedGold {
  claims: ReadonlyMap<number, GoldClaim>;
  /** Gold evidence abstracts over all claims: the abstract-level denominator of recall. */
  relevantAbstracts: number;
  /** Sentences of all gold rationale sets: the sentence-level denominator of recall. */
  relevantSentences: number;
}

/** A doc id as the release writes it in an object key: decimal digits, no leading zero. */
export const DOC_ID_KEY = /^(0|[1-9][0-9]*)$/;

/**
 * Checks one gold claim and returns it indexed. The official evaluator stores one label per
 * abstract and asserts that no sentence belongs to two rationale sets; a claim that breaks
 * either rule fails here, naming the claim, rather than being scored wrongly. It throws a
 * plain `Error`, so that a file reader can put the file and line in front of the message.
 */
export function checkGoldClaim(value: unknown): GoldClaim {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`expected a gold claim object, received ${JSON.stringify(value)}`);
  }
  const record = value as Record<string, unknown>;
  if (!Number.isInteger(record.id)) {
    throw new Error(`expected an integer claim id, received ${JSON.stringify(record.id)}`);
  }
  const id = record.id as number;

  const evidence = record.evidence;
  if (evidence === undefined) {
    throw new Error(
      `claim ${id} has no evidence field: gold labels are hidden (the test split is scored only by the leaderboard)`,
    );
  }
  if (evidence === null || typeof evidence !== 'object' || Array.isArray(evidence)) {
    throw new Error(`claim ${id}: expected evidence to be an object keyed by doc id`);
  }

  const abstracts = new Map<string, GoldAbstract>();
  for (const [docKey, sets] of Object.entries(evidence)) {
    abstracts.set(docKey, checkGoldAbstract(`claim ${id}, abstract ${docKey}`, docKey, sets));
  }
  return { id, abstracts };
}

function checkGoldAbstract(where: string, docKey: string, sets: unknown): GoldAbstract {
  if (!DOC_ID_KEY.test(docKey)) {
    throw new Error(`${where}: expected a doc id of decimal digits as the key`);
  }
  if (!Array.isArray(sets) || sets.length === 0) {
    throw new Error(`${where}: expected a non-empty array of rationale sets`);
  }

  const rationales: number[][] = [];
  const labels = new Set<string>();
  const seen = new Set<number>();
  for (const set of sets as unknown[]) {
    const { sentences, label } = (set ?? {}) as { sentences?: unknown; label?: unknown };
    if (!EVIDENCE_LABELS.includes(label as EvidenceLabel)) {
      throw new Error(
        `${where}: expected a rationale label SUPPORT or CONTRADICT, received ${JSON.stringify(label)}`,
      );
    }
    if (!isIndexList(sentences) || sentences.length === 0) {
      throw new Error(`${where}: expected rationale sentences as a non-empty index list`);
    }
    if (new Set(sentences).size !== sentences.length) {
      throw new Error(`${where}: a rationale set lists a sentence twice (${sentences})`);
    }
    for (const sentence of sentences) {
      if (seen.has(sentence)) {
        throw new Error(`${where}: sentence ${sentence} is in two rationale sets`);
      }
      seen.add(sentence);
    }
    labels.add(label as string);
    rationales.push(sentences);
  }

  if (labels.size > 1) {
    throw new Error(`${where}: rationale sets carry different labels (${[...labels]})`);
  }
  return { label: [...labels][0] as EvidenceLabel, rationales };
}

function isIndexList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => Number.isInteger(item) && item >= 0);
}

/**
 * Checks and indexes gold claims for scoring. Throws on a repeated claim id or a claim the
 * official evaluator could not score (see `checkGoldClaim`).
 *
 * @example const gold = prepareGold(claims); for (const p of sweep) scorePredictions(gold, p);
 */
export function prepareGold(claims: readonly Claim[]): PreparedGold {
  const prepared = new Map<number, GoldClaim>();
  let relevantAbstracts = 0;
  let relevantSentences = 0;

  for (const claim of claims) {
    const gold = checkOrExplain(claim);
    if (prepared.has(gold.id)) {
      throw new InputError(`gold claim ${gold.id} appears twice`);
    }
    prepared.set(gold.id, gold);
    relevantAbstracts += gold.abstracts.size;
    for (const abstract of gold.abstracts.values()) {
      for (const rationale of abstract.rationales) relevantSentences += rationale.length;
    }
  }
  return { claims: prepared, relevantAbstracts, relevantSentences };
}

function checkOrExplain(claim: Claim): GoldClaim {
  try {
    return checkGoldClaim(claim);
  } catch (error) {
    throw new InputError(messageOf(error), undefined, { cause: error });
  }
}

/** Accepts either form callers hold, preparing plain claims on the spot. */
export function toPreparedGold(gold: readonly Claim[] | PreparedGold): PreparedGold {
  return Array.isArray(gold) ? prepareGold(gold) : (gold as PreparedGold);
}
