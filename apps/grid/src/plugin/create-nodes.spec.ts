import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateNodesContext } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { createNodesForGridFile } from './create-nodes.ts';

function workspaceWithGrid(grid: unknown): string {
  const root = mkdtempSync(join(tmpdir(), 'grid-plugin-'));
  mkdirSync(join(root, 'apps/grid/grids'), { recursive: true });
  writeFileSync(join(root, 'apps/grid/grids/tiny.json'), JSON.stringify(grid));
  return root;
}

const contextFor = (workspaceRoot: string) =>
  ({ workspaceRoot, nxJsonConfiguration: {}, configFiles: [] }) as unknown as CreateNodesContext;

describe('createNodesForGridFile', () => {
  it('infers one cached target per distinct task and a report over them', async () => {
    const root = workspaceWithGrid({
      name: 'tiny',
      validation: false,
      factors: { nei_rule: ['strict', 'relaxed'], epochs: [1] },
    });

    const result = await createNodesForGridFile('apps/grid/grids/tiny.json', contextFor(root));
    const targets = result.projects?.['apps/grid']?.targets ?? {};
    const names = Object.keys(targets);

    expect(names.map((n) => n.replace(/-[0-9a-f]{16}$/, ''))).toEqual([
      'negatives',
      'train',
      'infer',
      'decode',
      'decode',
      'report-tiny',
    ]);
    const train = targets[names[1]];
    expect(train.cache).toBe(true);
    expect(train.outputs).toEqual([`{workspaceRoot}/artifacts/train/${names[1].slice(6)}`]);
    expect(train.dependsOn).toEqual([{ projects: ['data'], target: 'fetch' }, names[0]]);
    expect(train.inputs).toMatchInlineSnapshot(`
      [
        {
          "input": "production",
          "projects": [
            "train",
            "encoding",
            "data",
            "cli",
          ],
        },
        {
          "dependentTasksOutputFiles": "**/*",
        },
        {
          "externalDependencies": [
            "onnxruntime-node",
            "@huggingface/transformers",
          ],
        },
        {
          "env": "SCIFACT_PYTHON",
        },
      ]
    `);
    expect(targets['report-tiny'].dependsOn).toEqual([
      { projects: ['data'], target: 'fetch' },
      names[3],
      names[4],
    ]);
  });

  it('keeps scoring code out of the inputs of every upstream stage', async () => {
    const root = workspaceWithGrid({ name: 'tiny' });

    const result = await createNodesForGridFile('apps/grid/grids/tiny.json', contextFor(root));
    const targets = result.projects?.['apps/grid']?.targets ?? {};

    for (const [name, target] of Object.entries(targets)) {
      const projects = (target.inputs?.[0] as { projects: string[] }).projects;
      expect(projects.includes('score'), name).toBe(/^(decode|report)-/.test(name));
    }
  });

  it('fails with the grid file named when the spec is bad', async () => {
    const root = workspaceWithGrid({ name: 'tiny', factors: { ratio: [-1] } });

    await expect(
      createNodesForGridFile('apps/grid/grids/tiny.json', contextFor(root)),
    ).rejects.toThrow(/tiny\.json: factor 'ratio' level 1/);
  });
});
