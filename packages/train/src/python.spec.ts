import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TORCH_PYTHON, writeFakePython, makeTempDir, removeTempDirs } from './fixtures/helpers.ts';
import { findPython } from './python.ts';

afterAll(removeTempDirs);

describe('findPython', () => {
  it('takes the interpreter --python names when it has torch', async () => {
    const python = await findPython(TORCH_PYTHON, {});

    expect(python.command).toBe(TORCH_PYTHON);
    expect(python.torchVersion).toMatch(/^\d+\.\d+/);
  });

  it('takes SCIFACT_PYTHON when there is no --python', async () => {
    const dir = await makeTempDir('train-python-');
    const fake = await writeFakePython(dir, { torch: true });

    const python = await findPython(undefined, { SCIFACT_PYTHON: fake });

    expect(python).toEqual({ command: fake, torchVersion: '9.9.9', cuda: true });
  });

  it('says how to install torch when the interpreter has none', async () => {
    const dir = await makeTempDir('train-python-');
    const fake = await writeFakePython(dir, { torch: false });

    const found = findPython(fake, {});

    await expect(found).rejects.toThrow(
      `train: the interpreter named by --python cannot train (${fake}: has no torch module)`,
    );
    await expect(found).rejects.toThrow('apt-get install -y python3-torch');
    await expect(found).rejects.toThrow('pass --python PATH (or set SCIFACT_PYTHON)');
  });

  it('reports an interpreter that does not exist', async () => {
    await expect(findPython(undefined, { SCIFACT_PYTHON: '/no/such/python' })).rejects.toThrow(
      'the interpreter named by SCIFACT_PYTHON cannot train (/no/such/python: not found)',
    );
  });
});
