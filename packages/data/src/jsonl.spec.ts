import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from './errors.ts';
import { makeTempDir } from './fixtures/support.ts';
import { readJsonl, readJsonlAll, readJsonlLines, writeJsonl } from './jsonl.ts';

let dir: string;
let remove: () => Promise<void>;

beforeEach(async () => ({ dir, remove } = await makeTempDir()));
afterEach(() => remove());

async function collect<T>(records: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const record of records) all.push(record);
  return all;
}

describe('readJsonlLines', () => {
  it('yields each record with its line number and skips blank lines', async () => {
    const file = join(dir, 'a.jsonl');
    await writeFile(file, '{"a":1}\n\n  \n{"a":2}\r\n');

    expect(await collect(readJsonlLines(file))).toEqual([
      { value: { a: 1 }, line: 1 },
      { value: { a: 2 }, line: 4 },
    ]);
  });

  it('names the file and line of a line that is not JSON', async () => {
    const file = join(dir, 'bad.jsonl');
    await writeFile(file, '{"a":1}\n{"a":2}\n{"a":\n');

    const error = await collect(readJsonlLines(file)).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(new RegExp(`^${file}:3: not valid JSON \\(`));
    expect(error).toMatchObject({ file, line: 3 });
  });

  it('reports what the check throws at the line of the record', async () => {
    const file = join(dir, 'checked.jsonl');
    await writeFile(file, '{"n":1}\n{"n":-1}\n');
    const check = (value: unknown) => {
      if ((value as { n: number }).n < 0) throw new Error('n is negative');
      return value;
    };

    await expect(collect(readJsonlLines(file, check))).rejects.toThrow(
      `${file}:2: n is negative`,
    );
  });

  it('names a file it cannot open', async () => {
    const file = join(dir, 'missing.jsonl');
    await expect(collect(readJsonlLines(file))).rejects.toThrow(`${file}: cannot read: ENOENT`);
  });
});

describe('writeJsonl', () => {
  it('writes one JSON line per record and returns the count', async () => {
    const file = join(dir, 'nested', 'out.jsonl');
    async function* records() {
      yield { id: 1 };
      yield { id: 2, text: 'two\nlines' };
    }

    expect(await writeJsonl(file, records())).toBe(2);
    expect(await readFile(file, 'utf8')).toBe('{"id":1}\n{"id":2,"text":"two\\nlines"}\n');
    expect(await readJsonlAll(file)).toEqual([{ id: 1 }, { id: 2, text: 'two\nlines' }]);
    expect(await collect(readJsonl(file))).toHaveLength(2);
  });

  it('leaves no file, and no temporary file, when the records throw', async () => {
    const file = join(dir, 'out.jsonl');
    function* records() {
      yield { id: 1 };
      throw new Error('upstream failed');
    }

    await expect(writeJsonl(file, records())).rejects.toThrow('upstream failed');
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps an older file whole when a rewrite fails', async () => {
    const file = join(dir, 'out.jsonl');
    await writeJsonl(file, [{ id: 1 }]);
    function* records() {
      yield { id: 2 };
      throw new Error('upstream failed');
    }

    await expect(writeJsonl(file, records())).rejects.toThrow('upstream failed');
    expect(await readdir(dir)).toEqual(['out.jsonl']);
    expect(await readFile(file, 'utf8')).toBe('{"id":1}\n');
  });
});
