/**
 * Measures the encoding package on the SciFact release: how long the compact vocabulary takes
 * to build, its [UNK] rate and tokens per word on dev claims (text it never saw), how fast
 * the corpus tokenizes (cold, then from the cache), and how often abstracts overflow one
 * input. `--tokenizer DIR` measures another tokenizer folder instead of building the compact
 * one. Prints a table on standard output.
 *
 *   npx nx run encoding:bench   or   npx tsx bench/run.ts [--data DIR] [--tokenizer DIR]
 */
import yargs from 'yargs';
import {
  claimsPath,
  corpusPath,
  makeExample,
  readJsonlAll,
  sharedReleaseDir,
  type Claim,
  type CorpusDoc,
  type Example,
} from '@scifact/data';
import {
  buildCompactVocabulary,
  compactTokenizer,
  DEFAULT_LIMITS,
  EXAMPLE_WINDOWS,
  encodeExamples,
  encodeWindows,
  loadTokenizer,
  readVocabularyTexts,
  type TextTokenizer,
} from '../src/index.ts';

const args = await yargs(process.argv.slice(2))
  .options({
    data: { type: 'string', default: sharedReleaseDir(), describe: 'The SciFact release' },
    tokenizer: { type: 'string', describe: 'A tokenizer folder (default: build compact)' },
  })
  .strict()
  .parseAsync();

const rows: Array<[string, string]> = [];
const report = (name: string, value: string) => {
  rows.push([name, value]);
  process.stderr.write(`${name}: ${value}\n`);
};

const corpus = await readJsonlAll<CorpusDoc>(corpusPath(args.data));
const devClaims = await readJsonlAll<Claim>(claimsPath(args.data, 'dev'));
const trainClaims = await readJsonlAll<Claim>(claimsPath(args.data, 'train'));

const tokenizer = args.tokenizer ? await loadTokenizer(args.tokenizer) : await buildCompact();
report('tokenizer', args.tokenizer ?? 'compact');
report('vocabulary size', `${tokenizer.vocabSize}`);
report('vocabulary hash', tokenizer.vocabularyHash.slice(0, 16));

measureDevClaims(tokenizer);
measureCorpusSpeed(tokenizer);
measureOverflow(tokenizer);

const width = Math.max(...rows.map(([name]) => name.length));
const table = rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
process.stdout.write(`${table}\n`);

async function buildCompact(): Promise<TextTokenizer> {
  const start = performance.now();
  const texts = await readVocabularyTexts(args.data);
  const vocabulary = buildCompactVocabulary(texts);
  const seconds = (performance.now() - start) / 1000;

  const { special, characters, words, pieces } = vocabulary.counts;
  const parts = `${special} special, ${characters} characters, ${words} words, ${pieces} pieces`;
  report('compact build', `${seconds.toFixed(1)} s for ${texts.length} texts`);
  report('compact tokens', `${parts} (${vocabulary.wordTypes} word types seen)`);
  return compactTokenizer(vocabulary.tokens);
}

function measureDevClaims(tokenizer: TextTokenizer): void {
  let tokens = 0;
  let unknown = 0;
  let words = 0;
  for (const { claim } of devClaims) {
    const ids = tokenizer.tokenize(claim);
    tokens += ids.length;
    unknown += ids.filter((id) => id === tokenizer.special.unk).length;
    words += tokenizer.words(claim).length;
  }
  const rate = ((100 * unknown) / tokens).toFixed(3);
  report('dev claims [UNK]', `${unknown} of ${tokens} tokens (${rate}%)`);
  report('dev claims tokens/word', (tokens / words).toFixed(3));
}

function measureCorpusSpeed(tokenizer: TextTokenizer): void {
  const texts = corpus.flatMap((doc) => [doc.title, ...doc.abstract]);
  const timed = () => {
    const start = performance.now();
    let tokens = 0;
    for (const text of texts) tokens += tokenizer.tokenize(text).length;
    return { tokens, seconds: (performance.now() - start) / 1000 };
  };

  const cold = timed();
  const warm = timed();
  const rate = (run: { tokens: number; seconds: number }) =>
    `${Math.round(run.tokens / run.seconds).toLocaleString('en-US')} tokens/s`;
  report('corpus tokens', `${cold.tokens} in ${texts.length} texts`);
  report('tokenize, cold', `${rate(cold)} (${cold.seconds.toFixed(2)} s)`);
  report('tokenize, cached', `${rate(warm)} (${warm.seconds.toFixed(3)} s)`);
}

/** How the default limits treat the training claims' cited abstracts, and the whole corpus. */
function measureOverflow(tokenizer: TextTokenizer): void {
  const examples = evidenceExamples();
  for (const window of EXAMPLE_WINDOWS) {
    const start = performance.now();
    const { summary } = encodeExamples(examples, tokenizer, {}, { window });
    const perSecond = Math.round(examples.length / ((performance.now() - start) / 1000));
    const omitting = `${summary.examplesWithOmitted} of ${summary.examples} omit sentences`;
    const lost = `${summary.evidenceLost} of ${summary.evidenceSentences} evidence sentences lost`;
    report(`train evidence, ${window}`, `${omitting}, ${lost} (${perSecond} examples/s)`);
  }

  const claim = devClaims[0].claim;
  let split = 0;
  let windows = 0;
  for (const doc of corpus) {
    const count = encodeWindows(tokenizer, claim, doc.abstract).length;
    windows += count;
    if (count > 1) split += 1;
  }
  const limits = `${DEFAULT_LIMITS.maxTokens} tokens, ${DEFAULT_LIMITS.maxSentences} sentences`;
  const abstracts = `${split} of ${corpus.length} abstracts`;
  report('corpus windows', `${abstracts} need more than one (${windows} windows; ${limits})`);
}

/** One example per (training claim, abstract with evidence), as the negatives stage makes. */
function evidenceExamples(): Example[] {
  const docs = new Map(corpus.map((doc) => [doc.doc_id, doc]));
  return trainClaims.flatMap((claim) =>
    Object.entries(claim.evidence ?? {}).map(([docId, rationales]): Example => {
      const doc = docs.get(Number(docId)) as CorpusDoc;
      const evidence = [...new Set(rationales.flatMap((r) => r.sentences))].sort((a, b) => a - b);
      return makeExample(claim, doc, rationales[0].label, evidence, 'gold');
    }),
  );
}
