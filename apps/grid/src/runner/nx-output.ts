import { stripVTControlCharacters } from 'node:util';

/** The tasks one `nx run` names in its output, sorted into run and replayed from the cache. */
export interface NxTaskOutcomes {
  ran: string[];
  cached: string[];
}

const TASK_LINE = /^\s*> nx run ([\w@/.-]+:[\w-]+)/;
const CACHE_MARK = /\[(local cache|remote cache|existing outputs match the cache, left as is)\]/;

/**
 * Reads Nx's static or streamed output. Nx colours it when it believes a terminal or a CI log
 * is watching, so colour codes are dropped before a line is read.
 */
export function readNxTaskOutcomes(output: string): NxTaskOutcomes {
  const outcomes: NxTaskOutcomes = { ran: [], cached: [] };
  for (const raw of output.split('\n')) {
    const line = stripVTControlCharacters(raw);
    const match = TASK_LINE.exec(line);
    if (!match) continue;
    (CACHE_MARK.test(line) ? outcomes.cached : outcomes.ran).push(match[1]);
  }
  return outcomes;
}
