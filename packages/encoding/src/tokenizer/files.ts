import { readFile, stat } from 'node:fs/promises';
import { InputError, messageOf } from '@scifact/data';

export async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** The parsed JSON object of `file`, or `undefined` when there is no such file. */
export async function readJsonIfPresent(
  file: string,
): Promise<Record<string, unknown> | undefined> {
  if (!(await isFile(file))) return undefined;

  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`not valid JSON (${messageOf(error)})`, { file }, { cause: error });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(`expected a JSON object, found ${JSON.stringify(parsed)}`, { file });
  }
  return parsed as Record<string, unknown>;
}
