export * from './build.ts';
export * from './draw.ts';
export * from './options.ts';
export * from './pools.ts';
export * from './positives.ts';
export * from './random.ts';
export * from './summary.ts';
