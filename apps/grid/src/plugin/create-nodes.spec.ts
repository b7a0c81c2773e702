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
  it('infers a project per distinct task, each with one cached target, and a report', async () => {
    const root = workspaceWithGrid({
      name: 'tiny',
      validation: false,
      factors: { nei_rule: ['strict', 'relaxed'], epochs: [1] },
    });

    const result = await createNodesForGridFile('apps/grid/grids/tiny.json', contextFor(root));
    const projects = result.projects ?? {};
    const names = Object.values(projects).map((p) => p.name ?? '(grid)');

    expect(names.map((n) => n.replace(/-[0-9a-f]{16}$/, ''))).toEqual([
      'negatives',
      'train',
      'infer',
      'decode',
      'decode',
      '(grid)',
    ]);
    const trainProject = Object.values(projects)[1];
    const train = trainProject.targets?.train ?? {};
    expect(Object.keys(trainProject.targets ?? {})).toEqual(['train']);
    expect(train.cache).toBe(true);
    expect(train.outputs).toEqual([`{workspaceRoot}/artifacts/train/${names[1].slice(6)}`]);
    expect(train.dependsOn).toEqual([
      { projects: ['data'], target: 'fetch' },
      { projects: [names[0]], target: 'negatives' },
    ]);
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
    expect(projects['apps/grid'].targets?.['report-tiny'].dependsOn).toEqual([
      { projects: ['data'], target: 'fetch' },
      { projects: [names[3]], target: 'decode' },
      { projects: [names[4]], target: 'decode' },
    ]);
  });

  it('infers a task the same way whatever else its grid holds', async () => {
    const small = workspaceWithGrid({ name: 'tiny', factors: { evidence_weight: [2] } });
    const large = workspaceWithGrid({ name: 'tiny', factors: { evidence_weight: [2, 3] } });

    const a = await createNodesForGridFile('apps/grid/grids/tiny.json', contextFor(small));
    const b = await createNodesForGridFile('apps/grid/grids/tiny.json', contextFor(large));

    for (const [root, project] of Object.entries(a.projects ?? {})) {
      if (root !== 'apps/grid') expect(b.projects?.[root]).toEqual(project);
    }
  });

  it('keeps scoring code out of the inputs of every upstream stage', async () => {
    const root = workspaceWithGrid({ name: 'tiny' });

    const result = await createNodesForGridFile('apps/grid/grids/tiny.json', contextFor(root));
    const targets = Object.values(result.projects ?? {}).flatMap((p) =>
      Object.entries(p.targets ?? {}).map(
        ([target, config]) => [p.name ?? target, config] as const,
      ),
    );

    for (const [name, target] of targets) {
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

  it.each([
    ['word_vectors', ['none', 'wink-sg-100d'], 'encoding', 'vectors', '--word-vectors'],
    ['pretraining', ['none', 'mlm'], 'train', 'pretrain', '--encoder artifacts/pretrain/'],
  ])(
    'makes a model with %s wait for the task it starts from',
    async (factor, levels, project, target, argument) => {
      const root = workspaceWithGrid({ name: 'tiny', factors: { [factor]: levels } });

      const result = await createNodesForGridFile('apps/grid/grids/tiny.json', contextFor(root));
      const trains = Object.values(result.projects ?? {}).flatMap((p) =>
        p.targets?.train ? [p.targets.train] : [],
      );

      const upstream = JSON.stringify({ projects: [project], target });
      const waiting = trains.filter((t) =>
        t.dependsOn?.some((d) => JSON.stringify(d) === upstream),
      );
      expect(trains).toHaveLength(2);
      expect(waiting).toHaveLength(1);
      expect(String(waiting[0].options.command)).toContain(argument);
    },
  );
});
