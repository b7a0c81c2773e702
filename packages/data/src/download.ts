import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputError, messageOf } from './errors.ts';
import { RELEASE_FILES } from './layout.ts';
import type { Logger } from './log.ts';

/** What to do when the release cannot be downloaded. */
const OFFLINE_HINT = 'no network? import a local copy with --from DIR';

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found (DNS lookup failed)',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  ETIMEDOUT: 'connection timed out',
  ENETUNREACH: 'network unreachable',
  EHOSTUNREACH: 'host unreachable',
};

/** Global fetch reports every network failure as "fetch failed"; the cause says which. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ? NETWORK_REASONS[cause.code] : undefined;
  if (reason) return `${reason} (${cause!.code})`;
  return cause?.message ?? messageOf(error);
}

/**
 * Streams `url` into `file` and returns the number of bytes. A refused connection, a failed
 * DNS lookup, an HTTP error or a body shorter than its Content-Length is an `InputError`
 * that names the URL.
 */
export async function downloadToFile(url: string, file: string, logger: Logger) {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const reason = describeNetworkError(error);
    throw new InputError(`cannot download ${url}: ${reason}; ${OFFLINE_HINT}`, undefined, {
      cause: error,
    });
  }
  if (!response.ok || !response.body) {
    const status = `HTTP ${response.status} ${response.statusText}`.trim();
    throw new InputError(`cannot download ${url}: ${status}`);
  }

  const expected = Number(response.headers.get('content-length')) || undefined;
  let received = 0;
  async function* countBytes(chunks: AsyncIterable<Uint8Array>) {
    for await (const chunk of chunks) {
      received += chunk.length;
      if (expected) logger.progress('downloaded bytes', received, expected);
      yield chunk;
    }
  }

  try {
    const body = response.body as unknown as AsyncIterable<Uint8Array>;
    await pipeline(body, countBytes, createWriteStream(file));
  } catch (error) {
    const reason = describeNetworkError(error);
    const message = `download of ${url} broke off after ${received} bytes: ${reason}`;
    throw new InputError(message, undefined, { cause: error });
  }

  if (expected !== undefined && received !== expected) {
    const message = `download of ${url} is truncated: ${received} of ${expected} bytes`;
    throw new InputError(message);
  }
  return received;
}

/**
 * Unpacks the four release files from a SciFact tarball (`data/claims_*.jsonl`,
 * `data/corpus.jsonl`) into `dir/data/`, and ignores anything else it holds. `source` names
 * the tarball in messages (its URL, for a download).
 */
export async function unpackRelease(tarball: string, dir: string, source = tarball) {
  const wanted = new Set(RELEASE_FILES.map((name) => `data/${name}`));
  const entries: string[] = [];
  // Loaded here, not at the top: every stage imports this package, and only fetch unpacks.
  const { extract } = await import('tar');

  try {
    await extract({
      file: tarball,
      cwd: dir,
      strict: true,
      filter: (path) => {
        const name = path.replace(/^\.\//, '');
        entries.push(name);
        return wanted.has(name);
      },
    });
  } catch (error) {
    const message = `not a complete .tar.gz archive (${messageOf(error)}); was it cut short?`;
    throw new InputError(message, { file: source }, { cause: error });
  }

  for (const name of wanted) {
    if (existsSync(join(dir, name))) continue;
    const held = entries.length > 0 ? entries.slice(0, 8).join(', ') : 'nothing';
    throw new InputError(`holds no ${name}; expected the SciFact release, found ${held}`, {
      file: source,
    });
  }
  return join(dir, 'data');
}
