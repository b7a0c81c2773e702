import { createWriteStream, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError, messageOf, writeDirAtomic, type Logger } from '@scifact/data';

export const DEFAULT_HUB_URL = 'https://huggingface.co';

/** No answer within this time means no hub: machines without internet fail fast. */
const RESPONSE_TIMEOUT_MS = 10_000;

/** A download that receives nothing for this long is given up. */
const STALL_TIMEOUT_MS = 60_000;

/**
 * The files of a BERT checkpoint, in download order. Each group needs one file, the first
 * one the hub has; `tokenizer_config.json` is optional (it says whether text is lowercased).
 */
const FILE_GROUPS: ReadonlyArray<{ files: string[]; required: boolean }> = [
  { files: ['config.json'], required: true },
  { files: ['tokenizer_config.json'], required: false },
  { files: ['tokenizer.json', 'vocab.txt'], required: true },
  { files: ['model.safetensors', 'pytorch_model.bin'], required: true },
];

/** `owner/name`, as the hub spells model ids. */
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

export function isHubId(spec: string): boolean {
  return HUB_ID.test(spec) && !spec.includes('..');
}

export function defaultHubCache(): string {
  return join(homedir(), '.cache', 'scifact-grid', 'hub');
}

/** The hub's base URL: SCIFACT_HUB_URL when set (tests point it at a local server). */
export function hubBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.SCIFACT_HUB_URL || DEFAULT_HUB_URL).replace(/\/+$/, '');
}

export interface HubOptions {
  cacheDir: string;
  baseUrl: string;
  logger: Logger;
}

/**
 * The local folder of hub checkpoint `id` (e.g. `allenai/scibert_scivocab_uncased`),
 * downloaded from `<baseUrl>/<id>/resolve/main/<file>` on first use. The folder appears
 * whole or not at all, so an interrupted download is started over, not half-used.
 */
export async function fetchHubCheckpoint(id: string, options: HubOptions): Promise<string> {
  const folder = join(options.cacheDir, id.replace('/', '--'));
  if (existsSync(join(folder, 'config.json'))) {
    options.logger.info(`train: hub checkpoint ${id} from the cache at ${folder}`);
    return folder;
  }

  const start = performance.now();
  let bytes = 0;
  await writeDirAtomic(folder, async (dir) => {
    for (const group of FILE_GROUPS) {
      const got = await downloadFirst(id, group.files, dir, options);
      if (got === undefined && group.required) {
        throw new InputError(
          `hub checkpoint ${id} has none of ${group.files.join(', ')} at ` +
            `${options.baseUrl}/${id}/resolve/main/; is it a BERT model?`,
        );
      }
      bytes += got ?? 0;
    }
  });

  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  options.logger.info(
    `train: downloaded ${id} (${formatBytes(bytes)}) in ${seconds}s to ${folder}`,
  );
  return folder;
}

/** Downloads the first of `files` the hub has; returns its size, or undefined if none. */
async function downloadFirst(
  id: string,
  files: string[],
  dir: string,
  options: HubOptions,
): Promise<number | undefined> {
  for (const file of files) {
    const url = `${options.baseUrl}/${id}/resolve/main/${file}`;
    const size = await downloadFile(url, join(dir, file), options.logger);
    if (size !== undefined) return size;
  }
  return undefined;
}

/** Streams `url` to `path`; undefined when the hub answers 404 (the file does not exist). */
async function downloadFile(url: string, path: string, logger: Logger) {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), RESPONSE_TIMEOUT_MS);
  const restartTimer = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), ms);
  };

  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    } catch (error) {
      const seconds = RESPONSE_TIMEOUT_MS / 1000;
      const reason = controller.signal.aborted
        ? `no answer within ${seconds}s`
        : networkReason(error);
      throw new InputError(
        `cannot download ${url}: ${reason}. Without internet access, pass --encoder a local ` +
          'checkpoint folder (config.json, vocab.txt or tokenizer.json, weights) or compact',
        undefined,
        { cause: error },
      );
    }
    if (response.status === 404) return undefined;
    if (!response.ok || !response.body) {
      throw new InputError(
        `cannot download ${url}: HTTP ${response.status} ${response.statusText}`,
      );
    }

    const total = Number(response.headers.get('content-length')) || 0;
    let received = 0;
    const counted = async function* (chunks: AsyncIterable<Uint8Array>) {
      for await (const chunk of chunks) {
        restartTimer(STALL_TIMEOUT_MS);
        received += chunk.length;
        if (total) logger.progress(`train: downloading ${url}`, received, total);
        yield chunk;
      }
    };
    restartTimer(STALL_TIMEOUT_MS);
    try {
      const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
      await pipeline(body, counted, createWriteStream(path));
    } catch (error) {
      const reason = controller.signal.aborted ? 'the download stalled' : messageOf(error);
      throw new InputError(`download of ${url} broke off after ${received} bytes: ${reason}`);
    }
    if (total && received !== total) {
      throw new InputError(`download of ${url} is truncated: ${received} of ${total} bytes`);
    }
    return received;
  } finally {
    clearTimeout(timer);
  }
}

/** fetch reports every network failure as "fetch failed"; its cause says which. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.message ?? 'network error'} (${cause.code})`;
  return cause?.message ?? messageOf(error);
}

function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
