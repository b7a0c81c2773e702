export * from './spec/factors.ts';
export * from './spec/load.ts';
export * from './spec/expand.ts';
export * from './plan/plan.ts';
