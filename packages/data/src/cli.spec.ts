import { captureCli } from '@scifact/data/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseSource, FROM_ENV, run } from './cli.ts';
import { copyFixture, FIXTURE_RELEASE, makeTempDir } from './fixtures/support.ts';
import { OFFICIAL_RELEASE_URL, sharedReleaseDir, workspaceRoot } from './layout.ts';
import type { ReleaseStats } from './stats.ts';

let dir: string;
let remove: () => Promise<void>;

beforeEach(async () => ({ dir, remove } = await makeTempDir()));
afterEach(() => remove());

/** Runs `scifact data ...` in this process and returns what it wrote and its exit code. */
async function runData(argv: string[]) {
  const captured = await captureCli(run, argv);
  process.exitCode = undefined;
  return captured;
}

describe('scifact data', () => {
  it('answers --help through the scifact entry point', async () => {
    const { stdout } = await promisify(execFile)(
      'node',
      ['tools/cli/scifact.mjs', 'data', '--help'],
      { cwd: workspaceRoot() },
    );
    expect(stdout).toContain('scifact data fetch');
    expect(stdout).toContain('scifact data validate');
    expect(stdout).toContain('scifact data stats');
  });

  it('fetches the shared copy, then finds it already in place', async () => {
    const out = join(dir, 'scifact');
    const first = await runData(['fetch', '--from', sharedReleaseDir(), '--out', out]);

    expect(first.exitCode).toBe(0);
    expect(first.stdout).toBe('');
    const counts = '809/300/300 claims (train/dev/test), 5183 abstracts';
    const from = sharedReleaseDir();
    expect(first.stderr).toContain(`fetch: ${counts}, verified, from ${from}, at ${out} in `);
    expect(first.stderr).toMatch(/ in \d+\.\ds\n$/);

    const second = await runData(['fetch', '--from', sharedReleaseDir(), '--out', out]);
    expect(second.stderr).toContain('already holds a verified copy of the release; nothing to do');
    expect(second.stderr).toContain(`fetch: ${counts}, verified, already in place`);
  });

  it('validates a release and reports whether it is the official one', async () => {
    const official = await runData(['validate', '--data', sharedReleaseDir()]);
    const counts = '809/300/300 claims (train/dev/test), 5183 abstracts';
    expect(official.stderr).toContain(`validate: ${counts}, valid, the official release, in `);

    const fixture = await runData(['validate', '--data', FIXTURE_RELEASE]);
    expect(fixture.stderr).toContain('warning: ');
    expect(fixture.stderr).toContain('valid, not the official release');
  });

  it('fails with exit code 2 and the file and line of a bad record', async () => {
    await copyFixture(dir, {
      file: 'claims_dev.jsonl',
      change: (text) => text.replace('"SUPPORT"', '"SUPPORTS"'),
    });
    const { stderr, exitCode } = await runData(['validate', '--data', dir]);

    expect(exitCode).toBe(2);
    const problem = 'evidence["33"][0].label is "SUPPORTS"; expected one of SUPPORT, CONTRADICT';
    expect(stderr).toBe(`error: ${dir}/claims_dev.jsonl:1: claim 4: ${problem}\n`);
  });

  it('prints stats as a table, or as JSON with --json', async () => {
    const table = await runData(['stats', '--data', FIXTURE_RELEASE]);
    expect(table.stdout).toMatch(/^ +train +dev +test\n/);
    expect(table.stderr).toMatch(/^stats: 3\/2\/2 claims \(train\/dev\/test\), 5 abstracts in/);

    const json = await runData(['stats', '--data', sharedReleaseDir(), '--json']);
    const stats: ReleaseStats = JSON.parse(json.stdout);
    expect(stats.splits[1].evidence?.rationaleSentences).toBe(366);
    expect(stats.corpus.abstracts).toBe(5183);
  });

  it('keeps quiet with --log-level silent', async () => {
    const argv = ['validate', '--data', FIXTURE_RELEASE, '--log-level', 'silent'];
    const { stderr } = await runData(argv);
    expect(stderr).toBe('');
  });

  it('rejects an unknown option or command with exit code 2', async () => {
    const hint = '(see --help)';
    const unknown = await runData(['fetch', '--form', 'x']);
    expect(unknown).toMatchObject({ exitCode: 2 });
    expect(unknown.stderr).toBe(`error: Unknown argument: form ${hint}\n`);

    const none = await runData([]);
    expect(none).toMatchObject({ exitCode: 2 });
    expect(none.stderr).toBe(`error: name a command: fetch, validate or stats ${hint}\n`);
  });
});

describe('chooseSource', () => {
  it('takes --from, --url, the environment, the shared copy, then the web, in that order', () => {
    const env = { [FROM_ENV]: '/copies/scifact' };
    const shared = sharedReleaseDir();

    expect(chooseSource({ from: 'a', url: 'b' }, env, shared)).toEqual({ from: 'a' });
    expect(chooseSource({ url: 'b' }, env, shared)).toEqual({ url: 'b' });
    expect(chooseSource({}, env, shared)).toEqual({ from: '/copies/scifact' });
    expect(chooseSource({}, {}, shared)).toEqual({ from: shared });
    expect(chooseSource({}, {}, join(dir, 'none'))).toEqual({ url: OFFICIAL_RELEASE_URL });
  });
});
