import { describe, expect, it } from 'vitest';
import { PYTHON_DIR, TORCH_PYTHON } from './fixtures/helpers.ts';
import { runProcess } from './process.ts';

// The trainer's own unit tests (python/test_*.py): checkpoint loading, loss masks,
// overfitting, determinism, the config and the CUDA out-of-memory report.
describe('the Python trainer', () => {
  it('passes its unit tests under torch', async () => {
    const result = await runProcess(
      TORCH_PYTHON,
      ['-m', 'unittest', 'discover', '-s', PYTHON_DIR, '-p', 'test_*.py'],
      { label: 'python unittest', timeoutMs: 300_000, env: { PYTHONDONTWRITEBYTECODE: '1' } },
    );

    expect(result.stderr).toMatch(/^OK/m);
  });
});
