import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDir } from '../fixtures/tiny-release.ts';
import { tinyTokenizer } from '../fixtures/tiny-tokenizer.ts';
import { compactTokenizer } from '../vocabulary/compact.ts';
import { loadTokenizer, saveTokenizer } from './load.ts';

describe('loadTokenizer', () => {
  it('loads what saveTokenizer wrote, tokenizer.json alone included', async () => {
    const dir = temporaryDir();
    const original = tinyTokenizer();
    await saveTokenizer(original, dir);

    const loaded = await loadTokenizer(dir);
    expect(loaded.tokenize('One two.')).toEqual(original.tokenize('One two.'));
    expect(loaded.vocabularyHash).toBe(original.vocabularyHash);
    expect(loaded.vocabSize).toBe(13);

    const bare = temporaryDir();
    await writeFile(join(bare, 'tokenizer.json'), JSON.stringify(original.json));
    const special = (await loadTokenizer(bare)).special;
    expect(special).toEqual({ pad: 0, unk: 1, cls: 2, sep: 3, mask: 4 });
  });

  it('fails naming the folder when it does not exist or is a file', async () => {
    const missing = join(temporaryDir(), 'nothing');
    await expect(loadTokenizer(missing)).rejects.toThrow(
      `${missing}: cannot read the tokenizer folder`,
    );
    const file = join(temporaryDir(), 'file');
    await writeFile(file, '');
    await expect(loadTokenizer(file)).rejects.toThrow(`${file}: expected a tokenizer folder`);
  });

  it('fails naming tokenizer.json when it is not JSON, or not a tokenizer', async () => {
    const dir = temporaryDir();
    await writeFile(join(dir, 'tokenizer.json'), '{"model": ');
    await expect(loadTokenizer(dir)).rejects.toThrow(`${dir}/tokenizer.json: not valid JSON`);

    await writeFile(join(dir, 'tokenizer.json'), '{"model": {"type": "Nonsense"}}');
    await expect(loadTokenizer(dir)).rejects.toThrow(`${dir}: not a usable tokenizer`);
  });

  it('fails listing the special tokens a vocabulary lacks', () => {
    expect(() => compactTokenizer(['[UNK]', '[CLS]', '[SEP]', 'x'])).toThrow(
      '(memory): the vocabulary lacks special tokens: [PAD] or <pad>',
    );
  });
});
