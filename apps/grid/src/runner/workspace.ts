import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '@scifact/data';

/** The folder holding nx.json, above the current directory. */
export function findWorkspaceRoot(from = process.cwd()): string {
  let folder = from;
  while (!existsSync(join(folder, 'nx.json'))) {
    const parent = dirname(folder);
    if (parent === folder) {
      throw new InputError(`no nx.json above ${from}: run this inside the SciFact grid workspace`);
    }
    folder = parent;
  }
  return folder;
}
