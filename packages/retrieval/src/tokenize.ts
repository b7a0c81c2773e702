import { porterStem } from './porter.ts';
import { STOPWORDS } from './stopwords.ts';

/** Which of the optional steps `tokenize` takes; both are on by default. */
export interface TokenizeOptions {
  /** Drop English function words (`STOPWORDS`). */
  stopwords?: boolean;
  /** Reduce words of plain letters to their Porter stem. */
  stem?: boolean;
}

export const DEFAULT_TOKENIZE: Readonly<Required<TokenizeOptions>> = {
  stopwords: true,
  stem: true,
};

/**
 * Splits text into index terms. The rule, in order:
 *
 * 1. Unicode NFKC, then lowercase; Greek letters become their names (`α` → `alpha`), since
 *    abstracts write `TNF-α` where claims may write `TNF-alpha`.
 * 2. A term is a run of letters and digits, possibly joined by `-`, `.`, `,` or an
 *    apostrophe with no space around it. Everything else separates terms.
 * 3. A final possessive `'s` is dropped.
 * 4. A hyphenated term gives its parts and the parts written together, so `IL-6`, `IL6` and
 *    `IL 6` meet: `il-6` → `il`, `6`, `il6`.
 * 5. Inside a part, a number keeps its decimal point (`1.5`) and loses thousands separators
 *    (`10,000` → `10000`); any other comma separates (`5,6` → `5`, `6`). Periods between
 *    letters are dropped (`e.g` → `eg`); other apostrophes separate.
 * 6. Stopwords go (optional), then words of plain letters a to z are Porter-stemmed
 *    (optional); terms with digits are kept as they are.
 *
 * @example tokenize("TNF-α levels don't rise in 1.5% of mice") // ['tnf', 'alpha', ...]
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const stopwords = options.stopwords ?? DEFAULT_TOKENIZE.stopwords;
  const stem = options.stem ?? DEFAULT_TOKENIZE.stem;
  const normalized = text.normalize('NFKC').toLowerCase().replace(GREEK, nameGreekLetter);

  const tokens: string[] = [];
  for (const match of normalized.matchAll(TERM)) {
    const term = match[0];
    // Most terms are one plain word; only the rest pay for splitting.
    const words = JOINER.test(term) ? splitTerm(term) : [term];
    for (const word of words) {
      if (stopwords && STOPWORDS.has(word)) continue;
      tokens.push(stem && PLAIN_WORD.test(word) ? cachedStem(word) : word);
    }
  }
  return tokens;
}

const TERM = /[\p{L}\p{N}]+(?:[-\u2010\u2011.,'\u2019][\p{L}\p{N}]+)*/gu;
const JOINER = /[-\u2010\u2011.,'\u2019]/;
const HYPHEN = /[-\u2010\u2011]/;
const PLAIN_WORD = /^[a-z]+$/;
const THOUSANDS = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const NUMBER = /^\d+(?:\.\d+)*$/;

function splitTerm(term: string): string[] {
  const hyphenParts = term.replace(/['\u2019]s$/, '').split(HYPHEN);
  const words = hyphenParts.flatMap(splitPart).filter((word) => word !== '');

  if (hyphenParts.length === 1 || words.length <= 1) return words;
  return [...words, words.join('')];
}

function splitPart(part: string): string[] {
  if (THOUSANDS.test(part)) return [part.replaceAll(',', '')];
  return part.split(/[,'\u2019]/).flatMap((piece) => {
    if (NUMBER.test(piece)) return [piece];
    return [piece.replaceAll('.', '')];
  });
}

// prettier-ignore
const GREEK_NAMES: Record<string, string> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', ζ: 'zeta', η: 'eta',
  θ: 'theta', ι: 'iota', κ: 'kappa', λ: 'lambda', μ: 'mu', ν: 'nu', ξ: 'xi', ο: 'omicron',
  π: 'pi', ρ: 'rho', σ: 'sigma', ς: 'sigma', τ: 'tau', υ: 'upsilon', φ: 'phi', χ: 'chi',
  ψ: 'psi', ω: 'omega',
};
const GREEK = /[α-ω]/g;

function nameGreekLetter(letter: string): string {
  return GREEK_NAMES[letter] ?? letter;
}

// Stemming dominates tokenizing time, and a corpus repeats its words; the cache is cleared
// when it grows past a vocabulary's size, so a long-lived process stays bounded.
const STEM_CACHE = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

function cachedStem(word: string): string {
  let stem = STEM_CACHE.get(word);
  if (stem === undefined) {
    if (STEM_CACHE.size >= STEM_CACHE_LIMIT) STEM_CACHE.clear();
    stem = porterStem(word);
    STEM_CACHE.set(word, stem);
  }
  return stem;
}
