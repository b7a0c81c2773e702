import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** JSON with object keys sorted at every depth, so equal settings give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const inner = (value as Record<string, unknown>)[key];
    if (inner !== undefined) sorted[key] = sortKeys(inner);
  }
  return sorted;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The key of an artifact: a short hash of everything that produced it (its stage, its
 * settings and the keys of its upstream artifacts). Artifacts live at
 * `artifacts/<stage>/<key>/`.
 *
 * @example artifactKey({ stage: 'negatives', strategy: 'random', ratio: 0.3, seed: 42 })
 */
export function artifactKey(settings: Record<string, unknown>): string {
  return sha256(canonicalJson(settings)).slice(0, 16);
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
