import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { writeDirAtomic, writeJsonAtomic } from './atomic.ts';
import { downloadToFile, unpackRelease } from './download.ts';
import { InputError } from './errors.ts';
import { sha256File } from './hash.ts';
import {
  MANIFEST_FILE,
  OFFICIAL_RELEASE_URL,
  RELEASE_FILES,
  RELEASE_NAME,
  RELEASE_SHA256,
  type ReleaseFile,
} from './layout.ts';
import { createLogger, type Logger } from './log.ts';
import { countRelease, loadRelease, type ReleaseCounts } from './validate.ts';

export type ReleaseSums = Readonly<Record<ReleaseFile, string>>;

export interface FetchOptions {
  /** The folder to fill; it is replaced as a whole, or left as it was on failure. */
  out: string;
  /** A local copy: a folder holding the four files, or the release tarball. */
  from?: string;
  /** Where to download the tarball when there is no `from`; the official URL by default. */
  url?: string;
  /** The SHA-256 every file must have; the official release's by default (tests change it). */
  expectedSums?: ReleaseSums;
  logger?: Logger;
}

export interface FetchResult {
  /** `present`: `out` already held a verified copy and nothing was done. */
  status: 'present' | 'fetched';
  source: string;
  counts: ReleaseCounts;
}

/** `manifest.json`, written beside the four files. */
export interface Manifest {
  release: string;
  source: string;
  files: Record<ReleaseFile, { sha256: string; bytes: number; records: number }>;
}

const RECORD_COUNT_KEYS: Record<ReleaseFile, keyof ReleaseCounts> = {
  'claims_train.jsonl': 'train',
  'claims_dev.jsonl': 'dev',
  'claims_test.jsonl': 'test',
  'corpus.jsonl': 'corpus',
};

/**
 * The counts of a verified copy at `out`, or undefined when `out` holds none: a manifest
 * naming the expected sums, and files that still hash to them.
 */
async function readVerifiedCopy(out: string, sums: ReleaseSums) {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(out, MANIFEST_FILE), 'utf8'));
  } catch {
    return undefined;
  }

  const counts = {} as ReleaseCounts;
  for (const name of RELEASE_FILES) {
    const entry = manifest?.files?.[name];
    if (entry?.sha256 !== sums[name]) return undefined;
    if (!existsSync(join(out, name)) || (await sha256File(join(out, name))) !== sums[name]) {
      return undefined;
    }
    counts[RECORD_COUNT_KEYS[name]] = entry.records;
  }
  return { counts, source: manifest.source };
}

/** Nothing deletes a folder it did not create: `out` must be empty or an earlier fetch's. */
async function checkReplaceable(out: string) {
  if (!existsSync(out)) return;
  if (!(await stat(out)).isDirectory()) {
    throw new InputError(`${out} exists and is not a folder; choose another --out`);
  }
  const names = await readdir(out);
  if (names.length > 0 && !names.includes(MANIFEST_FILE)) {
    const reason = `it has no ${MANIFEST_FILE}, so 'scifact data fetch' did not fill it`;
    throw new InputError(`${out} is not empty and ${reason}; choose another --out`);
  }
}

/** Checks each file's SHA-256 and returns its size, before anything parses it. */
async function verifySums(dir: string, sums: ReleaseSums, source: string) {
  const bytes = {} as Record<ReleaseFile, number>;

  for (const name of RELEASE_FILES) {
    const place = { file: `${source}/${name}` };
    const file = join(dir, name);
    if (!existsSync(file)) throw new InputError('missing from the release', place);

    bytes[name] = (await stat(file)).size;
    const actual = await sha256File(file);
    if (actual !== sums[name]) {
      const verdict = 'the file is damaged, truncated or not the official release';
      const found = `SHA-256 is ${actual} (${bytes[name]} bytes)`;
      throw new InputError(`${found}, expected ${sums[name]}: ${verdict}`, place);
    }
  }
  return bytes;
}

/** A folder holding the four files: a local folder as it is, or a tarball unpacked. */
interface Staged {
  dir: string;
  /** True when `dir` is the user's own folder, to be copied from and never changed. */
  local: boolean;
}

async function stageRelease(
  from: string | undefined,
  url: string,
  work: string,
  log: Logger,
): Promise<Staged> {
  if (from && (await stat(from)).isDirectory()) return { dir: from, local: true };

  let tarball = from;
  if (!tarball) {
    tarball = join(work, 'data.tar.gz');
    log.info(`downloading ${url}`);
    const bytes = await downloadToFile(url, tarball, log);
    log.debug(`downloaded ${bytes} bytes`);
  }
  const unpacked = join(work, 'unpacked');
  await mkdir(unpacked);
  return { dir: await unpackRelease(tarball, unpacked, from ?? url), local: false };
}

/**
 * Validates staged files. Messages about an unpacked tarball name the tarball or URL and the
 * file inside it, not the temporary folder it was unpacked into.
 */
async function validateStaged(staged: Staged, source: string) {
  try {
    return countRelease(await loadRelease(staged.dir));
  } catch (error) {
    if (staged.local || !(error instanceof InputError) || !error.file) throw error;
    const place = { file: `${source}/${basename(error.file)}`, line: error.line };
    throw new InputError(error.detail, place, { cause: error });
  }
}

/**
 * Puts a verified SciFact release at `out`: from a local folder or tarball (`from`), or
 * downloaded (`url`). Every file must match its pinned SHA-256 and the whole release must
 * validate; then the files and a `manifest.json` replace `out` in one rename. On any failure
 * nothing is left behind. When `out` already holds a verified copy, nothing is done.
 *
 * @example await fetchRelease({ from: '../shared/data/scifact', out: 'data/scifact' });
 */
export async function fetchRelease(options: FetchOptions): Promise<FetchResult> {
  const log = options.logger ?? createLogger('warn');
  const sums = options.expectedSums ?? RELEASE_SHA256;
  const out = resolve(options.out);
  const from = options.from === undefined ? undefined : resolve(options.from);
  const url = options.url ?? OFFICIAL_RELEASE_URL;
  const source = from ?? url;

  const present = await readVerifiedCopy(out, sums);
  if (present) {
    log.info(`${options.out} already holds a verified copy of the release; nothing to do`);
    return { status: 'present', source: present.source, counts: present.counts };
  }
  await checkReplaceable(out);
  if (from && !existsSync(from)) throw new InputError(`--from ${from} does not exist`);

  let counts: ReleaseCounts | undefined;
  await writeDirAtomic(out, async (temporary) => {
    const work = join(temporary, '.work');
    await mkdir(work);
    const staged = await stageRelease(from, url, work, log);

    const bytes = await verifySums(staged.dir, sums, source);
    counts = await validateStaged(staged, source);

    for (const name of RELEASE_FILES) {
      const target = join(temporary, name);
      await (staged.local ? copyFile : rename)(join(staged.dir, name), target);
      // A copy keeps a read-only source's mode; the copy is ours to replace later.
      await chmod(target, 0o644);
    }
    await rm(work, { recursive: true, force: true });
    const manifest = buildManifest(source, sums, bytes, counts);
    await writeJsonAtomic(join(temporary, MANIFEST_FILE), manifest);
  });
  return { status: 'fetched', source, counts: counts! };
}

function buildManifest(
  source: string,
  sums: ReleaseSums,
  bytes: Record<ReleaseFile, number>,
  counts: ReleaseCounts,
): Manifest {
  const files = {} as Manifest['files'];
  for (const name of RELEASE_FILES) {
    const records = counts[RECORD_COUNT_KEYS[name]];
    files[name] = { sha256: sums[name], bytes: bytes[name], records };
  }
  return { release: RELEASE_NAME, source, files };
}
