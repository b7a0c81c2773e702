export * from './types.ts';
export * from './errors.ts';
export * from './atomic.ts';
export * from './jsonl.ts';
export * from './hash.ts';
export * from './log.ts';
export * from './run-cli.ts';
