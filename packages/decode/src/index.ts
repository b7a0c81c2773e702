export * from './decode.ts';
export * from './sweep.ts';
export * from './baseline.ts';
