import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** A sibling name nobody else will take, so the rename stays on one file system. */
export function temporaryPathFor(path: string): string {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(path), `.${basename(path)}.tmp-${suffix}`);
}

/** Writes a whole file under a temporary name, then renames it into place. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPathFor(path);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** JSON with two-space indentation and a final newline, written atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Fills a directory under a temporary name, then renames it into place, replacing an older
 * one. If `fill` throws, the temporary directory is removed, and so are the parent folders
 * this call created: nothing appears at `path` or above it.
 */
export async function writeDirAtomic(
  path: string,
  fill: (temporaryDir: string) => Promise<void>,
): Promise<void> {
  const parent = dirname(path);
  const firstCreated = await mkdir(parent, { recursive: true });
  const temporary = temporaryPathFor(path);
  await mkdir(temporary, { recursive: true });
  try {
    await fill(temporary);
    await rm(path, { recursive: true, force: true });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    if (firstCreated) await removeEmptyFolders(resolve(parent), resolve(firstCreated));
    throw error;
  }
}

/** Removes `folder` and its parents up to `top`, stopping at the first that is not empty. */
async function removeEmptyFolders(folder: string, top: string) {
  for (let current = folder; current.startsWith(top); current = dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
    if (current === top) return;
  }
}
