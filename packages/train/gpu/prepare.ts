// Prepares the GPU benchmark's input here, where Node runs: the focused examples (or, before
// the negatives stage has run, examples built from the train claims) encoded with the
// compact tokenizer into gpu/data/encoded.jsonl. The GPU host has Python but no Node.
//
//   npx tsx gpu/prepare.ts [--examples FILE]
//
// Token ids come from the compact vocabulary (16,000 tokens), all below SciBERT's 31,090, so
// a SciBERT-shaped model takes them; lengths are what throughput depends on.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { createLogger, sharedReleaseDir, workspaceRoot, writeJsonl } from '@scifact/data';
import { encodeExamplesFile } from '@scifact/encoding';
import { writeBenchExamples } from '../bench/examples.ts';
import { resolveEncoder } from '../src/encoder.ts';
import { defaultHubCache, hubBaseUrl } from '../src/hub.ts';

const FOCUSED_EXAMPLES = join(
  workspaceRoot(),
  'artifacts/negatives/d65482b221d2b739/examples.jsonl',
);
const OUT = fileURLToPath(new URL('./data/encoded.jsonl', import.meta.url));

const args = await yargs(process.argv.slice(2))
  .options({ examples: { type: 'string' }, data: { type: 'string' } })
  .strict()
  .parseAsync();
const workspaceData = join(workspaceRoot(), 'data', 'scifact');
const dataDir = args.data ?? (existsSync(workspaceData) ? workspaceData : sharedReleaseDir());
const logger = createLogger('info');

let examples = args.examples ?? (existsSync(FOCUSED_EXAMPLES) ? FOCUSED_EXAMPLES : undefined);
if (!examples) {
  examples = join(fileURLToPath(new URL('./data/', import.meta.url)), 'examples.jsonl');
  await writeBenchExamples(examples, dataDir, { ratio: 0.3, seed: 42 });
}

const encoder = await resolveEncoder('compact', {
  dataDir,
  layers: 2,
  hidden: 128,
  hubCache: defaultHubCache(),
  hubUrl: hubBaseUrl(),
  logger,
});
const { records, summary } = await encodeExamplesFile(examples, encoder.tokenizer);
await writeJsonl(OUT, records);
logger.info(`gpu/prepare: ${summary.examples} examples, ${summary.tokens} tokens -> ${OUT}`);
