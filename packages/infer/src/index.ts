export * from './candidates.ts';
export * from './records.ts';
export * from './runtime.ts';
export * from './batching.ts';
export * from './windows.ts';
export * from './infer.ts';
export * from './model.ts';
export * from './run.ts';
