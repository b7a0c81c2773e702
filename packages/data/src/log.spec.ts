import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, secondsSince } from './log.ts';

function capture(level: Parameters<typeof createLogger>[0]) {
  const lines: string[] = [];
  return { lines, logger: createLogger(level, (line) => lines.push(line)) };
}

afterEach(() => vi.useRealTimers());

describe('createLogger', () => {
  it('writes messages at or above its level, with prefixes for problems', () => {
    const { lines, logger } = capture('warn');
    logger.error('broken');
    logger.warn('odd');
    logger.info('hello');
    logger.debug('details');

    expect(lines).toEqual(['error: broken', 'warning: odd']);
  });

  it('writes nothing when silent, and follows a level changed later', () => {
    const { lines, logger } = capture('silent');
    logger.error('broken');
    logger.level = 'debug';
    logger.debug('details');

    expect(lines).toEqual(['details']);
  });

  it('shows progress at most once a second, and always the last step', () => {
    vi.useFakeTimers({ now: 10_000 });
    const { lines, logger } = capture('info');

    logger.progress('claims', 1, 4);
    logger.progress('claims', 2, 4);
    vi.advanceTimersByTime(1500);
    logger.progress('claims', 3, 4);
    logger.progress('claims', 4, 4);

    expect(lines).toEqual(['claims 1/4 (25%)', 'claims 3/4 (75%)', 'claims 4/4 (100%)']);
  });

  it('writes to standard error by default', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    createLogger('info').info('to stderr');

    expect(write).toHaveBeenCalledWith('to stderr\n');
    write.mockRestore();
  });
});

describe('secondsSince', () => {
  it('formats the time since a start with one decimal', () => {
    expect(secondsSince(performance.now() - 1234)).toMatch(/^1\.2s$/);
  });
});
