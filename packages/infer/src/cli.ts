import yargs from 'yargs';
import {
  ANY_SPLITS,
  CANDIDATE_SOURCES,
  checkCountOption,
  InputError,
  isMainModule,
  logLevelOption,
  loggerFromArgs,
  runCli,
  stageParser,
  type AnySplit,
  type CandidateSource,
} from '@scifact/data';
import { DEFAULT_BATCH_SIZE, DEFAULT_K, runInfer } from './run.ts';
import { PROVIDER_CHOICES, type ProviderChoice } from './runtime.ts';

export async function run(argv: string[]): Promise<void> {
  await runCli(async (args) => {
    const parsed = await stageParser(yargs(args))
      .scriptName('scifact infer')
      .usage('$0 --model DIR --data DIR --split dev --candidates oracle|open [options]')
      .options({
        model: {
          type: 'string',
          demandOption: true,
          describe: 'Model folder: model.onnx with tokenizer.json or vocab.txt',
        },
        data: { type: 'string', demandOption: true, describe: 'SciFact data folder' },
        split: {
          choices: ANY_SPLITS as unknown as string[],
          demandOption: true,
          describe: 'Claim split; fit and validation are carved from train',
        },
        candidates: {
          choices: CANDIDATE_SOURCES as unknown as string[],
          demandOption: true,
          describe: 'oracle: every cited abstract; open: the top k retrieved',
        },
        k: { type: 'number', default: DEFAULT_K, describe: 'Retrieved abstracts per claim' },
        rankings: {
          type: 'string',
          describe: 'rankings.jsonl for open candidates; BM25 in-process without it',
        },
        'claims-limit': {
          type: 'number',
          describe: 'Only the first N claims of the split, in file order (smoke runs)',
        },
        threads: {
          type: 'number',
          default: 0,
          describe: 'onnxruntime intra-op threads; 0 lets it choose',
        },
        'batch-size': {
          type: 'number',
          default: DEFAULT_BATCH_SIZE,
          describe: 'Inputs per model call, padded to the longest; 1-4 for BERT-base on CPU',
        },
        provider: {
          choices: PROVIDER_CHOICES as unknown as string[],
          default: 'auto',
          describe: 'Execution provider; auto takes CUDA when present, CPU otherwise',
        },
        out: { type: 'string', describe: 'Output folder (default artifacts/infer/<key>)' },
        ...logLevelOption,
      })
      .parseAsync();

    if (parsed.rankings !== undefined && parsed.candidates !== 'open') {
      throw new InputError('--rankings goes with --candidates open');
    }
    const summary = await runInfer(
      {
        modelDir: parsed.model,
        dataDir: parsed.data,
        split: parsed.split as AnySplit,
        candidates: parsed.candidates as CandidateSource,
        k: checkCountOption('k', parsed.k),
        rankingsFile: parsed.rankings,
        claimsLimit: checkCountOption('claims-limit', parsed['claims-limit']),
        threads: checkCountOption('threads', parsed.threads, { zero: true }),
        batchSize: checkCountOption('batch-size', parsed['batch-size']),
        provider: parsed.provider as ProviderChoice,
        out: parsed.out,
      },
      loggerFromArgs(parsed),
    );
    process.stdout.write(`${summary.out}\n`);
  }, argv);
}

if (isMainModule(import.meta.url)) await run(process.argv.slice(2));
