import { describe, expect, it } from 'vitest';
import { readNxTaskOutcomes } from './nx-output.ts';

describe('readNxTaskOutcomes', () => {
  it('sorts plain lines into run and cached', () => {
    const output = [
      '> nx run data:fetch  [local cache]',
      'data: fetch: 809/300/300 claims',
      '> nx run train-60a1b7346027008d:train',
      '> nx run decode-0a95aea572927168:decode  [existing outputs match the cache, left as is]',
      '> nx run grid:report-smoke',
    ].join('\n');

    expect(readNxTaskOutcomes(output)).toEqual({
      ran: ['train-60a1b7346027008d:train', 'grid:report-smoke'],
      cached: ['data:fetch', 'decode-0a95aea572927168:decode'],
    });
  });

  it('reads lines that Nx coloured for a CI log', () => {
    const output = [
      '\u001b[2m> \u001b[22m\u001b[2mnx run\u001b[22m decode-0a95aea572927168:decode',
      '\u001b[2m> \u001b[22m\u001b[2mnx run\u001b[22m data:fetch  \u001b[2m[local cache]\u001b[22m',
    ].join('\n');

    expect(readNxTaskOutcomes(output)).toEqual({
      ran: ['decode-0a95aea572927168:decode'],
      cached: ['data:fetch'],
    });
  });

  it('finds nothing in output that names no task', () => {
    expect(readNxTaskOutcomes('NX  Successfully ran target report-smoke\n')).toEqual({
      ran: [],
      cached: [],
    });
  });
});
