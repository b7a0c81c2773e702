export * from './records.ts';
export * from './decode.ts';
export * from './sweep.ts';
export * from './claims.ts';
