import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { artifactKey, InputError, writeFileAtomic } from '@scifact/data';
import { loadGridSpec, type GridSpec } from '../spec/load.ts';

export const GRIDS_DIR = 'apps/grid/grids';
/** Grids the runner derives from a user's choices; git-ignored, read by the Nx plugin. */
export const LOCAL_GRIDS_DIR = 'apps/grid/grids/local';

export interface ResolvedGrid {
  spec: GridSpec;
  /** The grid file the Nx plugin reads, relative to the workspace root. */
  file: string;
}

/**
 * Finds the grid a user named (a shipped name, or a file of their own) and applies an encoder
 * override. Whatever is not already a shipped grid is written, under a name keyed by its
 * content, where the Nx plugin infers its tasks: so a user's grid is cached like any other.
 */
export async function resolveGrid(
  workspaceRoot: string,
  grid: string,
  overrides: { encoder?: string } = {},
): Promise<ResolvedGrid> {
  const shipped = join(workspaceRoot, GRIDS_DIR, `${grid}.json`);
  const file = existsSync(shipped) ? shipped : resolve(grid);
  if (!existsSync(file)) {
    const names = ['focused', 'full', 'smoke'].join(', ');
    throw new InputError(`no grid named '${grid}': expected one of ${names}, or a grid file`);
  }

  const spec = await loadGridSpec(file);
  const insideGrids = !relative(join(workspaceRoot, GRIDS_DIR), file).startsWith('..');
  if (insideGrids && !overrides.encoder) {
    return { spec, file: relative(workspaceRoot, file) };
  }

  const derived: GridSpec = overrides.encoder
    ? { ...spec, factors: { ...spec.factors, encoder: [encoderPath(overrides.encoder)] } }
    : spec;
  const name = `${spec.name}-${artifactKey({ derived: toFile(derived) }).slice(0, 8)}`;
  const target = join(workspaceRoot, LOCAL_GRIDS_DIR, `${name}.json`);
  await writeFileAtomic(target, `${JSON.stringify(toFile({ ...derived, name }), null, 2)}\n`);
  return { spec: { ...derived, name }, file: relative(workspaceRoot, target) };
}

/** A folder given on the command line is kept absolute, so tasks find it from any cwd. */
function encoderPath(encoder: string): string {
  if (encoder === 'compact' || isAbsolute(encoder) || !existsSync(encoder)) return encoder;
  return resolve(encoder);
}

function toFile(spec: GridSpec): Record<string, unknown> {
  return {
    name: spec.name,
    description: spec.description || `derived from ${basename(spec.name)}`,
    split: spec.split,
    seeds: spec.seeds,
    claims_limit: spec.claimsLimit,
    select_by: spec.selectBy,
    validation: spec.validation,
    factors: spec.factors,
  };
}
