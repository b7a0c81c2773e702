/**
 * Porter's suffix-stripping stemmer (Porter, 1980, "An algorithm for suffix stripping"), with
 * the two revisions its author later published: `bli` becomes `ble` and `logi` becomes `log`
 * in step 2. It expects one lowercase word of ASCII letters and leaves anything of two letters
 * or fewer as it is.
 *
 * @example porterStem('generalizations') // 'gener'
 */
export function porterStem(word: string): string {
  if (word.length <= 2) return word;

  let stem = step1a(word);
  stem = step1b(stem);
  stem = step1c(stem);
  stem = applyFirstRule(stem, STEP2_RULES, (base) => measure(base) > 0);
  stem = applyFirstRule(stem, STEP3_RULES, (base) => measure(base) > 0);
  stem = step4(stem);
  stem = step5a(stem);
  return step5b(stem);
}

type Rule = readonly [suffix: string, replacement: string];

// Where one suffix ends another (ational, tional), the longer comes first: the first suffix
// that matches decides, whether or not its condition then holds.
// prettier-ignore
const STEP2_RULES: readonly Rule[] = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'],
  ['izer', 'ize'], ['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'],
  ['ousli', 'ous'], ['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'],
  ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'],
  ['iviti', 'ive'], ['biliti', 'ble'], ['logi', 'log'],
];

// prettier-ignore
const STEP3_RULES: readonly Rule[] = [
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'],
  ['ful', ''], ['ness', ''],
];

// prettier-ignore
const STEP4_SUFFIXES: readonly string[] = [
  'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion',
  'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize',
];

function isConsonant(word: string, index: number): boolean {
  const letter = word[index];
  if ('aeiou'.includes(letter)) return false;
  if (letter === 'y') return index === 0 || !isConsonant(word, index - 1);
  return true;
}

/** Porter's m: how many vowel-consonant sequences follow the optional leading consonants. */
function measure(stem: string): number {
  let count = 0;
  let index = 0;
  while (index < stem.length && isConsonant(stem, index)) index += 1;

  while (index < stem.length) {
    while (index < stem.length && !isConsonant(stem, index)) index += 1;
    if (index >= stem.length) break;
    while (index < stem.length && isConsonant(stem, index)) index += 1;
    count += 1;
  }
  return count;
}

function hasVowel(stem: string): boolean {
  for (let index = 0; index < stem.length; index += 1) {
    if (!isConsonant(stem, index)) return true;
  }
  return false;
}

function endsWithDoubleConsonant(word: string): boolean {
  const last = word.length - 1;
  return last >= 1 && word[last] === word[last - 1] && isConsonant(word, last);
}

/** Consonant, vowel, consonant at the end, the last not w, x or y (hop, not how). */
function endsWithCvc(word: string): boolean {
  const last = word.length - 1;
  return (
    last >= 2 &&
    isConsonant(word, last - 2) &&
    !isConsonant(word, last - 1) &&
    isConsonant(word, last) &&
    !'wxy'.includes(word[last])
  );
}

function applyFirstRule(
  word: string,
  rules: readonly Rule[],
  condition: (base: string) => boolean,
): string {
  for (const [suffix, replacement] of rules) {
    if (!word.endsWith(suffix)) continue;
    const base = word.slice(0, word.length - suffix.length);
    return condition(base) ? base + replacement : word;
  }
  return word;
}

function step1a(word: string): string {
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ies')) return word.slice(0, -2);
  if (word.endsWith('ss')) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

function step1b(word: string): string {
  if (word.endsWith('eed')) {
    return measure(word.slice(0, -3)) > 0 ? word.slice(0, -1) : word;
  }

  let base: string | undefined;
  if (word.endsWith('ed') && hasVowel(word.slice(0, -2))) base = word.slice(0, -2);
  else if (word.endsWith('ing') && hasVowel(word.slice(0, -3))) base = word.slice(0, -3);
  if (base === undefined) return word;

  // Removing -ed or -ing can leave a stem that needs tidying: conflat(e), hop(p), fil(e).
  if (base.endsWith('at') || base.endsWith('bl') || base.endsWith('iz')) return `${base}e`;
  if (endsWithDoubleConsonant(base) && !'lsz'.includes(base[base.length - 1])) {
    return base.slice(0, -1);
  }
  if (measure(base) === 1 && endsWithCvc(base)) return `${base}e`;
  return base;
}

function step1c(word: string): string {
  if (word.endsWith('y') && hasVowel(word.slice(0, -1))) return `${word.slice(0, -1)}i`;
  return word;
}

function step4(word: string): string {
  for (const suffix of STEP4_SUFFIXES) {
    if (!word.endsWith(suffix)) continue;
    const base = word.slice(0, word.length - suffix.length);
    if (measure(base) <= 1) return word;
    if (suffix === 'ion' && !/[st]$/.test(base)) return word;
    return base;
  }
  return word;
}

function step5a(word: string): string {
  if (!word.endsWith('e')) return word;
  const base = word.slice(0, -1);
  const m = measure(base);
  return m > 1 || (m === 1 && !endsWithCvc(base)) ? base : word;
}

function step5b(word: string): string {
  if (measure(word) > 1 && endsWithDoubleConsonant(word) && word.endsWith('l')) {
    return word.slice(0, -1);
  }
  return word;
}
