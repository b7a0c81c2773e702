import yargs, { type Argv } from 'yargs';
import {
  isMainModule,
  loggerFromArgs,
  logLevelOption,
  runCli,
  secondsSince,
  stageParser,
  writeJsonl,
  type Logger,
} from '@scifact/data';
import {
  EXAMPLE_WINDOWS,
  encodeExamplesFile,
  type EncodeSummary,
  type ExampleWindow,
} from './encode/examples.ts';
import { DEFAULT_LIMITS, type EncodeLimits } from './encode/limits.ts';
import { writeBertTokenizerJson } from './tokenizer/bert-json.ts';
import { loadTokenizer } from './tokenizer/load.ts';
import {
  buildCompactVocabulary,
  DEFAULT_COMPACT_OPTIONS,
  readVocabularyTexts,
  writeCompactTokenizer,
} from './vocabulary/compact.ts';
import { cutWordVectors, readWinkVectors, writeWordVectors } from './vocabulary/word-vectors.ts';

const VOCAB_OPTIONS = {
  data: { type: 'string', demandOption: true, describe: 'The SciFact release folder' },
  out: { type: 'string', demandOption: true, describe: 'The tokenizer folder to write' },
  size: {
    type: 'number',
    default: DEFAULT_COMPACT_OPTIONS.size,
    describe: 'Target vocabulary size',
  },
} as const;

const VECTORS_OPTIONS = {
  data: { type: 'string', demandOption: true, describe: 'The SciFact release folder' },
  out: { type: 'string', demandOption: true, describe: 'The folder for vectors.f32 and .json' },
  source: {
    type: 'string',
    describe: 'A word-vector JSON in the wink layout (default: the installed package)',
  },
} as const;

const ENCODE_OPTIONS = {
  tokenizer: { type: 'string', demandOption: true, describe: 'A folder with tokenizer.json' },
  examples: { type: 'string', demandOption: true, describe: 'examples.jsonl to encode' },
  out: { type: 'string', demandOption: true, describe: 'encoded.jsonl to write' },
  'max-tokens': { type: 'number', default: DEFAULT_LIMITS.maxTokens },
  'max-sentences': { type: 'number', default: DEFAULT_LIMITS.maxSentences },
  'max-claim-tokens': { type: 'number', default: DEFAULT_LIMITS.maxClaimTokens },
  'max-sentence-tokens': { type: 'number', default: DEFAULT_LIMITS.maxSentenceTokens },
  window: {
    choices: EXAMPLE_WINDOWS as unknown as string[],
    default: 'first',
    describe: 'Which sentences an abstract too long for one input keeps',
  },
} as const;

const BERT_OPTIONS = {
  vocab: { type: 'string', demandOption: true, describe: "A checkpoint's vocab.txt" },
  out: { type: 'string', demandOption: true, describe: 'The folder for tokenizer.json' },
  lowercase: {
    type: 'boolean',
    describe: "Lowercase text (default: the checkpoint's do_lower_case, else its name)",
  },
} as const;

async function vocabCommand(args: { data: string; out: string; size: number }, log: Logger) {
  const start = performance.now();
  const vocabulary = await writeCompactTokenizer(args.out, args.data, { size: args.size });

  const { special, characters, words, pieces } = vocabulary.counts;
  const parts = `${special} special, ${characters} characters, ${words} words, ${pieces} pieces`;
  const hash = vocabulary.hash.slice(0, 16);
  log.info(
    `vocab: ${vocabulary.tokens.length} tokens (${parts}), hash ${hash}, ` +
      `at ${args.out} in ${secondsSince(start)}`,
  );
}

async function vectorsCommand(args: { data: string; out: string; source?: string }, log: Logger) {
  const start = performance.now();
  const vocabulary = buildCompactVocabulary(await readVocabularyTexts(args.data));
  log.info(`vectors: compact vocabulary of ${vocabulary.tokens.length} tokens, reading vectors`);

  const source = await readWinkVectors(args.source);
  const cut = cutWordVectors(vocabulary.tokens, source);
  const meta = await writeWordVectors(args.out, cut, {
    source: args.source ?? source.name,
    vocabularySha256: vocabulary.hash,
  });
  const share = ((100 * meta.found) / meta.words).toFixed(1);
  log.info(
    `vectors: ${meta.found} of ${meta.words} vocabulary words (${share}%) have a ` +
      `${meta.dimensions}-dimensional vector in ${meta.source}; ${args.out} in ` +
      `${secondsSince(start)}`,
  );
}

async function encodeCommand(
  args: {
    tokenizer: string;
    examples: string;
    out: string;
    limits: EncodeLimits;
    window: ExampleWindow;
  },
  log: Logger,
) {
  const start = performance.now();
  const tokenizer = await loadTokenizer(args.tokenizer);
  const { records, summary } = await encodeExamplesFile(args.examples, tokenizer, args.limits, {
    window: args.window,
  });
  await writeJsonl(args.out, records);
  log.info(`encode: ${describeSummary(summary)}, at ${args.out} in ${secondsSince(start)}`);
}

async function bertCommand(args: { vocab: string; out: string; lowercase?: boolean }, log: Logger) {
  const start = performance.now();
  const settings = await writeBertTokenizerJson(args.vocab, args.out, {
    lowercase: args.lowercase,
  });
  const casing = settings.lowercase ? 'lowercased' : 'cased';
  log.info(`bert: tokenizer.json (${casing}) at ${args.out} in ${secondsSince(start)}`);
}

/** The counts of an encoding run, in one line. */
export function describeSummary(summary: EncodeSummary): string {
  const lost = `${summary.evidenceLost}/${summary.evidenceSentences} evidence sentences`;
  return [
    `${summary.examples} examples, ${summary.tokens} tokens (longest ${summary.maxLength})`,
    `${summary.omittedSentences}/${summary.sentences} sentences omitted (${lost})`,
    `${summary.truncatedSentences} sentences and ${summary.truncatedClaims} claims truncated`,
    `${summary.unknownTokens} [UNK]`,
  ].join(', ');
}

function buildParser(argv: string[]): Argv {
  return stageParser(yargs(argv))
    .scriptName('encoding')
    .usage('$0 <command> [options]')
    .options(logLevelOption)
    .command(
      'vocab',
      'Build the compact tokenizer (vocab.txt, tokenizer.json) from the SciFact corpus',
      (command) => command.options(VOCAB_OPTIONS),
      (args) => vocabCommand(args, loggerFromArgs(args)),
    )
    .command(
      'vectors',
      'Cut pretrained word vectors to the compact vocabulary, for --word-vectors in train',
      (command) => command.options(VECTORS_OPTIONS),
      (args) => vectorsCommand(args, loggerFromArgs(args)),
    )
    .command(
      'encode',
      'Encode examples.jsonl into the encoded.jsonl the trainer reads',
      (command) => command.options(ENCODE_OPTIONS),
      (args) =>
        encodeCommand(
          {
            ...args,
            window: args.window as ExampleWindow,
            limits: {
              maxTokens: args['max-tokens'],
              maxSentences: args['max-sentences'],
              maxClaimTokens: args['max-claim-tokens'],
              maxSentenceTokens: args['max-sentence-tokens'],
            },
          },
          loggerFromArgs(args),
        ),
    )
    .command(
      'bert',
      'Write tokenizer.json for a BERT checkpoint that ships only vocab.txt',
      (command) => command.options(BERT_OPTIONS),
      (args) => bertCommand(args, loggerFromArgs(args)),
    )
    .demandCommand(1, 'name a command: vocab, vectors, encode or bert')
    .version(false)
    .exitProcess(false);
}

/** `npx tsx packages/encoding/src/cli.ts vocab|vectors|encode|bert`: see `--help`. */
export async function run(argv: string[]): Promise<void> {
  await runCli(async (args) => {
    await buildParser(args).parseAsync();
  }, argv);
}

if (isMainModule(import.meta.url)) await run(process.argv.slice(2));
