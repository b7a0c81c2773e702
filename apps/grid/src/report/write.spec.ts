import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport } from './build.ts';
import { syntheticInput } from './fixtures/synthetic.ts';
import { writeReport } from './write.ts';

describe('writeReport', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scifact-report-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the four report files and no temporary ones', async () => {
    const report = buildReport(syntheticInput());
    const out = join(dir, 'nested', 'report');

    const paths = await writeReport(out, report);

    expect((await readdir(out)).sort()).toEqual([
      'report.csv',
      'report.html',
      'report.json',
      'report.md',
    ]);
    expect(paths).toHaveLength(4);
    expect(JSON.parse(await readFile(join(out, 'report.json'), 'utf8')).grid).toBe('synthetic');
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('## Grid synthetic');
  });

  it('replaces an older report in place', async () => {
    await writeReport(dir, buildReport(syntheticInput()));
    await writeReport(dir, buildReport({ ...syntheticInput(), grid: 'second' }));
    expect(await readFile(join(dir, 'report.md'), 'utf8')).toContain('## Grid second');
    expect(await readdir(dir)).toHaveLength(4);
  });
});
