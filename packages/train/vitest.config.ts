import { defineConfig } from 'vitest/config';

// The specs start Python trainers: one spec file at a time keeps two shared cores usable,
// and a tiny training run still takes seconds, not milliseconds.
export default defineConfig({
  test: {
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
