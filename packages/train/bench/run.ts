// CPU benchmark of the train stage: the time to train one focused-grid model with the compact
// encoder (examples of the random/0.3 negatives, 3 epochs, batch 8) and the trainer's
// examples per second. With --lrs it trains once per learning rate and compares the losses,
// which is how COMPACT_LR was chosen.
//
//   npx tsx bench/run.ts [--examples FILE] [--epochs 3] [--lrs 2e-5,5e-4,1e-3] [--keep DIR]
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { createLogger, sharedReleaseDir, workspaceRoot } from '@scifact/data';
import { COMPACT_LR, DEFAULT_SETTINGS, train } from '../src/train.ts';
import { writeBenchExamples } from './examples.ts';

/** Where `nx run negatives:negatives` writes the random / 0.3 / seed 42 examples. */
const FOCUSED_EXAMPLES = join(
  workspaceRoot(),
  'artifacts/negatives/d65482b221d2b739/examples.jsonl',
);

const args = await yargs(process.argv.slice(2))
  .options({
    examples: { type: 'string', describe: 'examples.jsonl (default: the focused negatives)' },
    data: { type: 'string', describe: 'SciFact release (default: data/scifact, else shared)' },
    epochs: { type: 'number', default: 3 },
    lrs: { type: 'string', default: String(COMPACT_LR) },
    threads: { type: 'number', default: DEFAULT_SETTINGS.threads },
    layers: { type: 'number', default: 2 },
    hidden: { type: 'number', default: 128 },
    keep: { type: 'string', describe: 'Keep the models in this folder (model-<lr>)' },
  })
  .strict()
  .parseAsync();

const workspaceData = join(workspaceRoot(), 'data', 'scifact');
const dataDir = args.data ?? (existsSync(workspaceData) ? workspaceData : sharedReleaseDir());
const work = await mkdtemp(join(tmpdir(), 'train-bench-'));
const logger = createLogger('info');

let examples = args.examples ?? (existsSync(FOCUSED_EXAMPLES) ? FOCUSED_EXAMPLES : undefined);
if (!examples) {
  examples = join(work, 'examples.jsonl');
  const count = await writeBenchExamples(examples, dataDir, { ratio: 0.3, seed: 42 });
  logger.info(`bench: no focused negatives yet; built ${count} examples from the train claims`);
}

const rows = [];
try {
  for (const lr of args.lrs.split(',').map(Number)) {
    const start = performance.now();
    const { card } = await train(
      {
        ...DEFAULT_SETTINGS,
        examples,
        encoder: 'compact',
        dataDir,
        layers: args.layers,
        hidden: args.hidden,
        epochs: args.epochs,
        lr,
        threads: args.threads,
        python: process.env.SCIFACT_PYTHON,
        out: join(args.keep ?? work, `model-${lr}`),
      },
      logger,
    );
    const seconds = (performance.now() - start) / 1000;
    const training = card.training;
    rows.push({
      lr,
      examples: training.examples,
      epochs: training.epochs,
      wall_seconds: Number(seconds.toFixed(1)),
      train_seconds: training.seconds,
      examples_per_s: training.examples_per_s,
      tokens_per_s: training.tokens_per_s,
      first_loss: Number(Number(training.first_loss).toFixed(4)),
      last_epoch_loss: Number(Number(training.last_epoch_loss).toFixed(4)),
      parity_max_abs_diff: card.parity.max_abs_diff,
    });
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, threads ${args.threads}`;
for (const row of rows) {
  const run = `${row.examples} examples x ${row.epochs} epochs in ${row.wall_seconds}s`;
  logger.info(
    `bench: lr ${row.lr}: ${run} ` +
      `(trainer ${row.train_seconds}s, ${row.examples_per_s} examples/s, ` +
      `${row.tokens_per_s} tokens/s), loss ${row.first_loss} -> ${row.last_epoch_loss}`,
  );
}
process.stdout.write(
  `${JSON.stringify({ machine, layers: args.layers, hidden: args.hidden, rows })}\n`,
);
