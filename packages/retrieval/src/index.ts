export * from './tokenize.ts';
export * from './porter.ts';
export * from './stopwords.ts';
export * from './bm25.ts';
export * from './rank.ts';
export * from './metrics.ts';
export * from './evaluate.ts';
export * from './overlap.ts';
