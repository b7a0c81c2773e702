import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The specs' trainings take device slots of their own, so a grid running on the same
// machine neither waits for them nor makes them wait past their timeouts.
process.env.SCIFACT_DEVICE_SLOTS = mkdtempSync(join(tmpdir(), 'scifact-test-slots-'));

// The specs start Python trainers: one spec file at a time keeps two shared cores usable,
// and a tiny training run still takes seconds, not milliseconds.
export default defineConfig({
  test: {
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
