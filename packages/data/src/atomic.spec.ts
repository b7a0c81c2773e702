import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { temporaryPathFor, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from './atomic.ts';
import { makeTempDir } from './fixtures/support.ts';

let dir: string;
let remove: () => Promise<void>;

beforeEach(async () => ({ dir, remove } = await makeTempDir()));
afterEach(() => remove());

describe('writeFileAtomic', () => {
  it('writes the file, replacing an older one, and leaves no temporary file', async () => {
    const file = join(dir, 'sub', 'a.txt');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, 'second');

    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(join(dir, 'sub'))).toEqual(['a.txt']);
  });

  it('writes JSON with two-space indentation and a final newline', async () => {
    const file = join(dir, 'a.json');
    await writeJsonAtomic(file, { b: [1] });
    expect(await readFile(file, 'utf8')).toBe('{\n  "b": [\n    1\n  ]\n}\n');
  });

  it('names temporary files as hidden siblings that differ each time', () => {
    const first = temporaryPathFor('/x/y/out.jsonl');
    expect(first).toMatch(/^\/x\/y\/\.out\.jsonl\.tmp-\d+-[0-9a-f]{8}$/);
    expect(temporaryPathFor('/x/y/out.jsonl')).not.toBe(first);
  });
});

describe('writeDirAtomic', () => {
  it('fills the folder under a temporary name and replaces an older one', async () => {
    const out = join(dir, 'out');
    await mkdir(out);
    await writeFile(join(out, 'old.txt'), 'old');

    await writeDirAtomic(out, async (temporary) => {
      expect(temporary).not.toBe(out);
      await writeFile(join(temporary, 'new.txt'), 'new');
    });

    expect(await readdir(out)).toEqual(['new.txt']);
    expect(await readdir(dir)).toEqual(['out']);
  });

  it('keeps the older folder and leaves nothing else when fill throws', async () => {
    const out = join(dir, 'out');
    await mkdir(out);
    await writeFile(join(out, 'old.txt'), 'old');

    const failing = writeDirAtomic(out, async (temporary) => {
      await writeFile(join(temporary, 'half.txt'), 'half');
      throw new Error('fill failed');
    });

    await expect(failing).rejects.toThrow('fill failed');
    expect(await readdir(dir)).toEqual(['out']);
    expect(await readdir(out)).toEqual(['old.txt']);
  });

  it('removes the parent folders it created when fill throws', async () => {
    const out = join(dir, 'a', 'b', 'out');
    const failing = writeDirAtomic(out, async () => {
      throw new Error('fill failed');
    });

    await expect(failing).rejects.toThrow('fill failed');
    expect(await readdir(dir)).toEqual([]);
  });
});
