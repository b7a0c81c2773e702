import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Split } from './types.ts';

/** The official SciFact release: a tarball holding a `data/` folder with the four files. */
export const OFFICIAL_RELEASE_URL =
  'https://scifact.s3-us-west-2.amazonaws.com/release/latest/data.tar.gz';

export const RELEASE_NAME = 'SciFact (Wadden et al., EMNLP 2020), release/latest';

export const CORPUS_FILE = 'corpus.jsonl';

export const MANIFEST_FILE = 'manifest.json';

/** The four files of a release, in the order they are reported. */
export const RELEASE_FILES = [
  'claims_train.jsonl',
  'claims_dev.jsonl',
  'claims_test.jsonl',
  CORPUS_FILE,
] as const;

export type ReleaseFile = (typeof RELEASE_FILES)[number];

/**
 * SHA-256 of each file of the official release. They are kept in code, not read from a file
 * beside the data, so that a copy cannot vouch for itself.
 */
export const RELEASE_SHA256: Readonly<Record<ReleaseFile, string>> = {
  'claims_train.jsonl': 'f4c8fa82d8bd0653a9cc8d61a6ea48c25eacea64e90af5dbf390ebb1b74372f0',
  'claims_dev.jsonl': '86f0435d08fdb65d1aa41d1472684f57e6e71930626497bdf4d7a9ec1a632217',
  'claims_test.jsonl': '558930d75215c73f84a28fe538307d6d397c9de1ec7239514cf45f80d75d2ca3',
  'corpus.jsonl': 'b8d6c89624cb2ed74dee8938effc4f5d8bd2086887880af8110d64be4ceade62',
};

/** The name of a split's claims file, e.g. `claims_dev.jsonl`. */
export function claimsFileName(split: Split): ReleaseFile {
  return `claims_${split}.jsonl`;
}

/** The path of a split's claims file inside a release folder. */
export function claimsPath(dir: string, split: Split): string {
  return join(dir, claimsFileName(split));
}

export function corpusPath(dir: string): string {
  return join(dir, CORPUS_FILE);
}

/** The root of the Nx workspace (the folder holding `nx.json`), found from this file. */
export function workspaceRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
}

/** Where `scifact data fetch` writes the release unless told otherwise. */
export function defaultReleaseDir(): string {
  return join(workspaceRoot(), 'data', 'scifact');
}

/**
 * The read-only copy of the release that sits beside the workspace on machines without
 * internet access (`../shared/data/scifact`). Tests read SciFact from here.
 */
export function sharedReleaseDir(): string {
  return resolve(workspaceRoot(), '..', 'shared', 'data', 'scifact');
}

/** True when `dir` holds all four files of a release (their content is not checked). */
export function hasReleaseFiles(dir: string): boolean {
  return RELEASE_FILES.every((name) => existsSync(join(dir, name)));
}
