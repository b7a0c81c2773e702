import { fileURLToPath } from 'node:url';
import { createLogger } from '@scifact/data';
import { describe, expect, it } from 'vitest';
import { cudaAvailable, openVerifier } from './runtime.ts';

const tinyModel = fileURLToPath(new URL('../fixtures/tiny-model/model.onnx', import.meta.url));

describe('openVerifier', () => {
  it('reports and logs the provider it runs on', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    const session = await openVerifier(tinyModel, { threads: 1, provider: 'cpu' }, logger);
    await session.release();
    expect(session.provider).toBe('cpu');
    expect(lines).toEqual(['onnxruntime: cpu execution provider, 1 threads']);
  });

  it('falls back to the CPU under auto where CUDA is not installed', async () => {
    const session = await openVerifier(tinyModel, {}, createLogger('silent'));
    await session.release();
    expect(session.provider).toBe(cudaAvailable() ? 'cuda' : 'cpu');
  });

  it.skipIf(cudaAvailable())('refuses --provider cuda where CUDA is not installed', async () => {
    const opening = openVerifier(tinyModel, { provider: 'cuda' }, createLogger('silent'));
    await expect(opening).rejects.toThrow('the CUDA execution provider is not installed');
  });

  it('names the file of a model it cannot load', async () => {
    const silent = createLogger('silent');
    const opening = openVerifier('/nonexistent/model.onnx', { provider: 'cpu' }, silent);
    await expect(opening).rejects.toThrow('/nonexistent/model.onnx: cannot load the model on cpu');
  });
});
