import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { temporaryDir, writeLines, writeTinyRelease } from './fixtures/tiny-release.ts';
import { run } from './cli.ts';

/** Runs the CLI in this process and returns its exit code and what it wrote to stderr. */
async function runCapturing(argv: string[]): Promise<{ code: number; stderr: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await run(argv);
  } finally {
    spy.mockRestore();
  }
  return { code: Number(process.exitCode ?? 0), stderr: lines.join('') };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('the encoding CLI', () => {
  it('builds the compact tokenizer, then encodes examples with it', async () => {
    const data = await writeTinyRelease();
    const tokenizer = join(data, 'tokenizer');
    const vocabArgs = ['vocab', '--data', data, '--out', tokenizer, '--size', '100'];
    const vocab = await runCapturing(vocabArgs);
    expect(vocab.code).toBe(0);
    expect(vocab.stderr).toMatch(/^vocab: \d+ tokens \(5 special, \d+ characters, /);

    const examples = join(data, 'examples.jsonl');
    const example = {
      id: '1:1',
      claim_id: 1,
      doc_id: 1,
      claim: 'Tumours shrink.',
      title: 'Tumour growth',
      sentences: ['Tumours grow.', 'IL-6 rises.'],
      evidence: [0],
      label: 'CONTRADICT',
      source: 'gold',
    };
    await writeLines(examples, [example]);
    const out = join(data, 'encoded.jsonl');
    const encodeArgs = ['encode', '--tokenizer', tokenizer, '--examples', examples, '--out', out];
    const encode = await runCapturing(encodeArgs);

    expect(encode.code).toBe(0);
    expect(encode.stderr).toMatch(/^encode: 1 examples, \d+ tokens/);
    const record = JSON.parse(readFileSync(out, 'utf8'));
    expect(record).toMatchObject({ id: '1:1', evidence_labels: [1, 0], label: 1 });
    expect(record.input_ids[0]).toBe(2);
  });

  it('exits with 2 and names the missing option', async () => {
    const { code, stderr } = await runCapturing(['encode', '--tokenizer', 'x']);
    expect(code).toBe(2);
    expect(stderr).toBe('error: Missing required arguments: examples, out (see --help)\n');
  });

  it('exits with 2 and names a tokenizer folder that holds no tokenizer', async () => {
    const empty = temporaryDir();
    const args = ['encode', '--tokenizer', empty, '--examples', 'x', '--out', 'y'];
    const { code, stderr } = await runCapturing(args);
    expect(code).toBe(2);
    expect(stderr).toContain(`${empty}: expected tokenizer.json or vocab.txt in this folder`);
  });
});
