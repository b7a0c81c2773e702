import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { negativesKey } from './cli.ts';

interface Target {
  options: { commands: string[] };
  outputs: string[];
}

// The Nx target writes where the grid would: a changed key scheme must not strand its cache.
describe('the negatives Nx target', () => {
  it('writes each example set to artifacts/negatives/<key of its settings>', async () => {
    const manifest = JSON.parse(
      await readFile(new URL('../package.json', import.meta.url), 'utf8'),
    );
    const target: Target = manifest.nx.targets.negatives;

    const outs = target.options.commands.map((command) => {
      const option = (name: string) => command.match(new RegExp(`--${name} (\\S+)`))?.[1];
      const key = negativesKey({
        split: 'train',
        strategy: option('strategy')!,
        ratio: Number(option('ratio')),
        cited_negatives: command.includes('--cited-negatives'),
        bm25_positive_negatives: Number(option('bm25-positives-negatives') ?? 0),
        seed: Number(option('seed')),
      });
      expect(option('out')).toBe(`artifacts/negatives/${key}`);
      return `{workspaceRoot}/${option('out')}`;
    });
    expect(target.outputs).toEqual(outs);
  });
});
