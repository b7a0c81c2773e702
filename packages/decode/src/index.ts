export * from './decode.ts';
export * from './sweep.ts';
