export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A levelled logger for people: it writes to standard error, so standard output stays free
 * for data.
 */
export interface Logger {
  level: LogLevel;
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** A progress line for long work: `label 120/809 (15%)`, at most about once a second. */
  progress(label: string, done: number, total: number): void;
}

export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const rank = (l: LogLevel) => LOG_LEVELS.indexOf(l);
  const enabled = (l: LogLevel) => rank(l) <= rank(logger.level) && l !== 'silent';
  let lastProgress = 0;

  const logger: Logger = {
    level,
    error: (message) => enabled('error') && write(`error: ${message}`),
    warn: (message) => enabled('warn') && write(`warning: ${message}`),
    info: (message) => enabled('info') && write(message),
    debug: (message) => enabled('debug') && write(message),
    progress(label, done, total) {
      const now = Date.now();
      const finished = done >= total;
      if (!enabled('info') || (!finished && now - lastProgress < 1000)) return;
      lastProgress = now;
      const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
      write(`${label} ${done}/${total} (${percent}%)`);
    },
  };
  return logger;
}

/** Seconds since `start` (from `performance.now()`), for one-line summaries. */
export function secondsSince(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(1)}s`;
}
