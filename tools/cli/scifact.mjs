#!/usr/bin/env node
// One command for every stage: `scifact <stage> ...`. The stages are TypeScript run through
// tsx, so there is no build step between editing a stage and running it.
import { register } from 'tsx/esm/api';

const STAGES = [
  'data',
  'retrieval',
  'negatives',
  'encoding',
  'pretrain',
  'train',
  'infer',
  'decode',
  'score',
  'grid',
];
const [stage, ...rest] = process.argv.slice(2);

if (!stage || stage === '--help' || stage === '-h' || !STAGES.includes(stage)) {
  const lines = [
    "usage: scifact <stage> [options]   (scifact <stage> --help for a stage's options)",
    '',
    `stages: ${STAGES.join(', ')}`,
  ];
  if (stage && !['--help', '-h'].includes(stage)) {
    lines.unshift(`error: unknown stage '${stage}'; expected one of ${STAGES.join(', ')}`);
  }
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(stage && !['--help', '-h'].includes(stage) ? 2 : 0);
}

register();
// Pretraining is the train package's second entry: it shares the trainer's model and runtime.
const ENTRIES = { grid: '@scifact/grid/cli', pretrain: '@scifact/train/pretrain-cli' };
const module = await import(ENTRIES[stage] ?? `@scifact/${stage}/cli`);
await module.run(rest);
