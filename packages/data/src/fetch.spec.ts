import { readFileSync } from 'node:fs';
import { access, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { InputError } from './errors.ts';
import { fetchRelease, type Manifest, type ReleaseSums } from './fetch.ts';
import {
  copyFixture,
  FIXTURE_RELEASE,
  makeTempDir,
  packRelease,
  sumsOf,
} from './fixtures/support.ts';
import { RELEASE_FILES } from './layout.ts';

/** Tarballs the test server serves, by path. */
const tarballs = new Map<string, Buffer>();
let server: Server;
let base: string;
let requests = 0;
let serverDir: { dir: string; remove: () => Promise<void> };
let sums: ReleaseSums;

async function pack(name: string, edit?: Parameters<typeof copyFixture>[1]) {
  const release = await copyFixture(join(serverDir.dir, name), edit);
  const tarball = join(serverDir.dir, `${name}.tar.gz`);
  await packRelease(release, tarball);
  return readFileSync(tarball);
}

beforeAll(async () => {
  serverDir = await makeTempDir();
  sums = await sumsOf(FIXTURE_RELEASE);
  const good = await pack('good');
  tarballs.set('/good.tar.gz', good);
  tarballs.set('/truncated.tar.gz', good.subarray(0, good.length >> 1));
  tarballs.set('/tampered.tar.gz', await pack('tampered', {
    file: 'claims_dev.jsonl',
    change: (text) => text.replace('Soil bacteria', 'Soil fungi'),
  }));

  server = createServer((request, response) => {
    requests += 1;
    const body = tarballs.get(request.url ?? '');
    if (request.url === '/cut.tar.gz') {
      // Promise the whole tarball, send half, then hang up.
      response.writeHead(200, { 'content-length': good.length });
      response.write(good.subarray(0, good.length >> 1), () => response.destroy());
      return;
    }
    if (!body) return response.writeHead(404).end();
    response.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await serverDir.remove();
});

let dir: string;
let remove: () => Promise<void>;
let out: string;

beforeEach(async () => {
  ({ dir, remove } = await makeTempDir());
  out = join(dir, 'data', 'scifact');
  requests = 0;
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await remove();
});

/** Fails unless the attempt left nothing at all in the temporary folder. */
async function expectNothingLeft() {
  expect(await readdir(dir)).toEqual([]);
}

describe('fetchRelease', () => {
  it('downloads, verifies and validates the release, then writes it with a manifest', async () => {
    const url = `${base}/good.tar.gz`;
    const result = await fetchRelease({ url, out, expectedSums: sums });

    expect(result).toEqual({
      status: 'fetched',
      source: url,
      counts: { train: 3, dev: 2, test: 2, corpus: 5 },
    });
    expect((await readdir(out)).sort()).toEqual([...RELEASE_FILES, 'manifest.json'].sort());
    for (const name of RELEASE_FILES) {
      expect(await readFile(join(out, name))).toEqual(await readFile(join(FIXTURE_RELEASE, name)));
    }
    const manifest: Manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.source).toBe(url);
    expect(manifest.files['claims_train.jsonl']).toEqual({
      sha256: sums['claims_train.jsonl'],
      bytes: (await stat(join(FIXTURE_RELEASE, 'claims_train.jsonl'))).size,
      records: 3,
    });
  });

  it('does nothing when the output already holds a verified copy', async () => {
    const url = `${base}/good.tar.gz`;
    await fetchRelease({ url, out, expectedSums: sums });
    const again = await fetchRelease({ url, out, expectedSums: sums });

    expect(again).toMatchObject({ status: 'present', counts: { corpus: 5 } });
    expect(requests).toBe(1);
  });

  it('replaces an earlier copy whose files no longer match', async () => {
    await fetchRelease({ from: FIXTURE_RELEASE, out, expectedSums: sums });
    await writeFile(join(out, 'corpus.jsonl'), 'damaged');

    const result = await fetchRelease({ from: FIXTURE_RELEASE, out, expectedSums: sums });
    expect(result.status).toBe('fetched');
    expect(await readFile(join(out, 'corpus.jsonl'), 'utf8')).toContain('"doc_id": 55');
  });

  it('imports a local folder and a local tarball the same way', async () => {
    const fromFolder = await fetchRelease({ from: FIXTURE_RELEASE, out, expectedSums: sums });
    expect(fromFolder).toMatchObject({ status: 'fetched', source: FIXTURE_RELEASE });

    const tarball = join(dir, 'data.tar.gz');
    await writeFile(tarball, tarballs.get('/good.tar.gz')!);
    const otherOut = join(dir, 'other');
    const fromTarball = await fetchRelease({ from: tarball, out: otherOut, expectedSums: sums });
    expect(fromTarball.counts).toEqual(fromFolder.counts);
    expect(requests).toBe(0);
  });

  it('checks the official sums unless told otherwise', async () => {
    await expect(fetchRelease({ from: FIXTURE_RELEASE, out })).rejects.toThrow(
      `${FIXTURE_RELEASE}/claims_train.jsonl: SHA-256 is ${sums['claims_train.jsonl']}`,
    );
    await expectNothingLeft();
  });
});

describe('fetchRelease, when something is wrong', () => {
  it('rejects a file with the wrong checksum and leaves nothing behind', async () => {
    const url = `${base}/tampered.tar.gz`;
    const error = await fetchRelease({ url, out, expectedSums: sums }).catch((e) => e);

    expect(error).toBeInstanceOf(InputError);
    const found = 'SHA-256 is [0-9a-f]{64} \\(\\d+ bytes\\)';
    const expected = `expected ${sums['claims_dev.jsonl']}`;
    const verdict = 'the file is damaged, truncated or not the official release';
    expect(error.message).toMatch(
      new RegExp(`^${url}/claims_dev\\.jsonl: ${found}, ${expected}: ${verdict}$`),
    );
    await expectNothingLeft();
  });

  it('rejects a truncated tarball and leaves nothing behind', async () => {
    const url = `${base}/truncated.tar.gz`;
    await expect(fetchRelease({ url, out, expectedSums: sums })).rejects.toThrow(
      `${url}: not a complete .tar.gz archive (zlib: unexpected end of file); was it cut short?`,
    );
    await expectNothingLeft();
  });

  it('rejects a download that breaks off before its Content-Length', async () => {
    const url = `${base}/cut.tar.gz`;
    await expect(fetchRelease({ url, out, expectedSums: sums })).rejects.toThrow(
      new RegExp(`^download of ${url} broke off after \\d+ bytes: other side closed$`),
    );
    await expectNothingLeft();
  });

  it('reports an HTTP error', async () => {
    const url = `${base}/missing.tar.gz`;
    await expect(fetchRelease({ url, out, expectedSums: sums })).rejects.toThrow(
      `cannot download ${url}: HTTP 404 Not Found`,
    );
    await expectNothingLeft();
  });

  it('reports a refused connection and suggests a local copy', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const url = `http://127.0.0.1:${port}/data.tar.gz`;
    const hint = 'no network? import a local copy with --from DIR';
    await expect(fetchRelease({ url, out, expectedSums: sums })).rejects.toThrow(
      `cannot download ${url}: connection refused (ECONNREFUSED); ${hint}`,
    );
    await expectNothingLeft();
  });

  it('reports a failed DNS lookup', async () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND example.invalid'), {
      code: 'ENOTFOUND',
    });
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('fetch failed', { cause })));

    const url = 'https://example.invalid/d.tar.gz';
    await expect(fetchRelease({ url, out })).rejects.toThrow(
      `cannot download ${url}: host not found (DNS lookup failed) (ENOTFOUND)`,
    );
    await expectNothingLeft();
  });

  it('rejects a tarball without the release files', async () => {
    const tarball = join(dir, 'other.tar.gz');
    const release = join(dir, 'partial');
    await mkdir(release);
    await writeFile(join(release, 'notes.txt'), 'not SciFact');
    await packRelease(release, tarball);

    const error = await fetchRelease({ from: tarball, out, expectedSums: sums }).catch((e) => e);
    const found = 'found data/, data/notes.txt';
    expect(error.message).toBe(
      `${tarball}: holds no data/claims_train.jsonl; expected the SciFact release, ${found}`,
    );
    await access(out).then(() => expect.fail(`${out} exists`), () => undefined);
  });

  it('names the file inside the tarball when a verified file does not validate', async () => {
    const broken = await copyFixture(join(dir, 'broken'), {
      file: 'claims_dev.jsonl',
      change: (text) => text.replace('[55]}', '[99]}'),
    });
    const tarball = join(dir, 'broken.tar.gz');
    await packRelease(broken, tarball);
    const brokenSums = await sumsOf(broken);

    await expect(fetchRelease({ from: tarball, out, expectedSums: brokenSums })).rejects.toThrow(
      `${tarball}/claims_dev.jsonl:2: claim 5: cited abstract 99 is not in the corpus`,
    );
    await expect(fetchRelease({ from: broken, out, expectedSums: brokenSums })).rejects.toThrow(
      `${broken}/claims_dev.jsonl:2: claim 5: cited abstract 99 is not in the corpus`,
    );
  });

  it('refuses to replace a folder it did not write', async () => {
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'mine.txt'), 'keep me');

    const reason = "it has no manifest.json, so 'scifact data fetch' did not fill it";
    await expect(fetchRelease({ from: FIXTURE_RELEASE, out, expectedSums: sums })).rejects.toThrow(
      `${out} is not empty and ${reason}; choose another --out`,
    );
    expect(await readdir(out)).toEqual(['mine.txt']);
  });

  it('names a file missing from a local folder', async () => {
    const from = await copyFixture(join(dir, 'partial'));
    await rm(join(from, 'corpus.jsonl'));

    await expect(fetchRelease({ from, out, expectedSums: sums })).rejects.toThrow(
      `${from}/corpus.jsonl: missing from the release`,
    );
    expect(await readdir(dir)).toEqual(['partial']);
  });

  it('names a --from that does not exist', async () => {
    const from = join(dir, 'nowhere');
    await expect(fetchRelease({ from, out })).rejects.toThrow(`--from ${from} does not exist`);
  });
});
