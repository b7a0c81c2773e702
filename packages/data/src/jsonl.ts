import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { temporaryPathFor } from './atomic.ts';
import { InputError, messageOf } from './errors.ts';

/** A parsed JSONL record with the line it came from. */
export interface JsonlLine<T> {
  value: T;
  line: number;
}

/**
 * Streams the records of a JSONL file, one parsed object per non-blank line. A line that is
 * not JSON fails with the file and line number. `check` may validate each record; whatever it
 * throws is reported at that line.
 */
export async function* readJsonlLines<T = unknown>(
  file: string,
  check?: (value: unknown) => T,
): AsyncGenerator<JsonlLine<T>> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new InputError(`cannot read: ${messageOf(error)}`, { file }, { cause: error });
  }

  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;

    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new InputError(`not valid JSON (${messageOf(error)})`, { file, line }, {
        cause: error,
      });
    }

    if (!check) {
      yield { value: parsed as T, line };
      continue;
    }
    try {
      yield { value: check(parsed), line };
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(messageOf(error), { file, line }, { cause: error });
    }
  }
}

/** Streams the records of a JSONL file without their line numbers. */
export async function* readJsonl<T = unknown>(
  file: string,
  check?: (value: unknown) => T,
): AsyncGenerator<T> {
  for await (const { value } of readJsonlLines(file, check)) yield value;
}

/** Reads a whole JSONL file into an array. */
export async function readJsonlAll<T = unknown>(
  file: string,
  check?: (value: unknown) => T,
): Promise<T[]> {
  const records: T[] = [];
  for await (const value of readJsonl(file, check)) records.push(value);
  return records;
}

/**
 * Writes records as JSONL under a temporary name and renames the file into place once every
 * record is written, so a reader never sees half a file. Returns the number of records.
 */
export async function writeJsonl(
  file: string,
  records: Iterable<unknown> | AsyncIterable<unknown>,
): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = temporaryPathFor(file);
  const handle = await open(temporary, 'w');
  let count = 0;
  try {
    let buffer = '';
    for await (const record of records) {
      buffer += `${JSON.stringify(record)}\n`;
      count += 1;
      if (buffer.length > 1 << 20) {
        await handle.write(buffer);
        buffer = '';
      }
    }
    await handle.write(buffer);
    await handle.close();
    await rename(temporary, file);
    return count;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}
