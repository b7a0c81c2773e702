import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceTokens } from '../fixtures/reference-wordpiece.ts';
import { temporaryDir } from '../fixtures/tiny-release.ts';
import {
  bertTokenizerConfig,
  bertTokenizerJson,
  formatVocabTxt,
  readBertSettings,
  writeBertTokenizerJson,
  type BertSettings,
} from './bert-json.ts';
import { loadTokenizer } from './load.ts';
import { TextTokenizer } from './text-tokenizer.ts';

const UNCASED: BertSettings = { lowercase: true, stripAccents: null, handleChineseChars: true };

// Ids are line numbers: [UNK] = 1, `cafe` = 5, …
const VOCAB = [
  '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', // 0-4
  'cafe', 'naive', 'il', '-', '6', // 5-9
  ',', '10', '%', '.', 'α', // 10-14
  'β', '中', '文', 'x', 'y', // 15-19
  'xy', 'un', '##aff', '##able', 'aaaa', // 20-24
  '##a', 'p', '<', '0', '05', // 25-29
  '##β', 'ω', '(', ')', '±', // 30-34
  '5', '##±', '##5', // 35-37
];

function tokenizerOf(tokens: string[], settings = UNCASED): TextTokenizer {
  return new TextTokenizer(bertTokenizerJson(tokens, settings), bertTokenizerConfig(settings));
}

describe('the BERT tokenizer.json', () => {
  const tokenizer = tokenizerOf(VOCAB);

  it.each([
    ['strips accents and lowercases', 'Café NAÏVE', [5, 6]],
    ['splits punctuation off numbers', 'IL-6, 10%.', [7, 8, 9, 10, 11, 12, 13]],
    ['splits a p-value at every punctuation mark', 'p<0.05', [26, 27, 28, 13, 29]],
    ['lowercases Greek capitals and continues with ##', 'Α-Β αβ', [14, 8, 15, 14, 30]],
    ['makes each Chinese character a word', '中文x', [16, 17, 18]],
    ['drops control and format characters', 'x\u0007y x\u200by', [20, 20]],
    ['treats tabs and no-break spaces as spaces', 'x\ty x\u00a0y', [18, 19, 18, 19]],
    ['splits a word into the longest pieces first', 'unaffable', [21, 22, 23]],
    ['keeps symbols that are not punctuation inside the word', '5±5', [35, 36, 37]],
    ['turns a word with an unknown character into one [UNK]', 'unaffable☃ x', [1, 18]],
    ['reads brackets as punctuation', '(Ω)', [32, 31, 33]],
  ])('%s', (_, text, ids) => {
    expect(tokenizer.tokenize(text)).toEqual(ids);
  });

  it('tokenizes a word of 100 characters and turns one of 101 into [UNK]', () => {
    expect(tokenizer.tokenize('a'.repeat(100))).toEqual([24, ...new Array(96).fill(25)]);
    expect(tokenizer.tokenize('a'.repeat(101))).toEqual([1]);
    expect(tokenizer.tokenize(`x ${'a'.repeat(101)} x`)).toEqual([18, 1, 18]);
  });

  it('wraps one text in [CLS] … [SEP] through Transformers.js', () => {
    const encoded = tokenizer.transformers('Café', { return_tensor: false });
    expect(encoded.input_ids).toEqual([2, 5, 3]);
  });

  it('keeps case and accents for a cased checkpoint', () => {
    const cased = tokenizerOf(
      [...VOCAB, 'Café', 'NAÏVE'],
      { ...UNCASED, lowercase: false },
    );
    expect(cased.tokenStrings('Café NAÏVE cafe')).toEqual(['Café', 'NAÏVE', 'cafe']);
  });

  it('agrees with an independent BERT tokenizer on tricky text', () => {
    const vocab = new Set(VOCAB);
    const texts = [
      'Café NAÏVE IL-6, 10%. p<0.05 Α-Β αβ 中文x x\u0007y x\u200by x\ty x\u00a0y',
      'unaffable ☃ 5±5 (Ω) [x] {y} "x" \'y\' x—y x–y x…y x·y x/y x\\y',
      ` ${'a'.repeat(99)} ${'a'.repeat(100)} ${'a'.repeat(101)} \u0000x\ufffdy\r\nxy `,
      'ΑΒΓ ÀÉÎÕÜ ñ ç ß ﬁ ½ ² x\u0301 Ⅻ ①',
    ];
    for (const text of texts) {
      const expected = referenceTokens(text, vocab, { lowercase: true });
      expect(tokenizer.tokenStrings(text), text).toEqual(expected);
    }
  });
});

describe('readBertSettings', () => {
  it('reads do_lower_case from tokenizer_config.json before config.json', async () => {
    const dir = join(temporaryDir(), 'bert-uncased');
    await mkdir(dir);
    await writeFile(join(dir, 'tokenizer_config.json'), '{"do_lower_case": false}');
    await writeFile(join(dir, 'config.json'), '{"do_lower_case": true}');
    expect((await readBertSettings(dir)).lowercase).toBe(false);
  });

  it('falls back on config.json, then on the folder name', async () => {
    const root = temporaryDir();
    const configured = join(root, 'some-cased-model');
    await mkdir(configured);
    await writeFile(join(configured, 'config.json'), '{"do_lower_case": true}');
    expect((await readBertSettings(configured)).lowercase).toBe(true);

    for (const [name, lowercase] of [
      ['scibert_scivocab_uncased', true],
      ['bert-base-cased', false],
      ['my-model', true],
    ] as const) {
      await mkdir(join(root, name));
      expect((await readBertSettings(join(root, name))).lowercase, name).toBe(lowercase);
    }
  });

  it('names the file when its JSON is broken', async () => {
    const dir = temporaryDir();
    await writeFile(join(dir, 'tokenizer_config.json'), '{oops');
    await expect(readBertSettings(dir)).rejects.toThrow(/tokenizer_config\.json: not valid JSON/);
  });
});

describe('writeBertTokenizerJson', () => {
  it('writes a folder that loads into the same tokenizer as vocab.txt alone', async () => {
    const checkpoint = join(temporaryDir(), 'scibert_scivocab_uncased');
    await mkdir(checkpoint);
    await writeFile(join(checkpoint, 'vocab.txt'), formatVocabTxt(VOCAB));
    const out = temporaryDir();

    const settings = await writeBertTokenizerJson(join(checkpoint, 'vocab.txt'), out);
    const written = await loadTokenizer(out);
    const fromVocab = await loadTokenizer(checkpoint);

    expect(settings.lowercase).toBe(true);
    expect(written.tokenize('Café IL-6')).toEqual([5, 7, 8, 9]);
    expect(fromVocab.tokenize('Café IL-6')).toEqual([5, 7, 8, 9]);
    expect(written.vocabularyHash).toBe(fromVocab.vocabularyHash);
    const json = JSON.parse(readFileSync(join(out, 'tokenizer.json'), 'utf8'));
    expect(json.model).toMatchObject({ type: 'WordPiece', max_input_chars_per_word: 100 });
    expect(json.normalizer).toMatchObject({ type: 'BertNormalizer', lowercase: true });
  });

  it('lets the caller override the casing', async () => {
    const dir = temporaryDir();
    await writeFile(join(dir, 'vocab.txt'), formatVocabTxt([...VOCAB, 'Café']));
    await writeBertTokenizerJson(join(dir, 'vocab.txt'), join(dir, 'out'), { lowercase: false });
    expect((await loadTokenizer(join(dir, 'out'))).tokenStrings('Café')).toEqual(['Café']);
  });

  it('fails naming vocab.txt when the vocabulary lacks [CLS] and [SEP]', async () => {
    const dir = temporaryDir();
    await writeFile(join(dir, 'vocab.txt'), formatVocabTxt(['[PAD]', '[UNK]', 'x']));
    await expect(writeBertTokenizerJson(join(dir, 'vocab.txt'), dir)).rejects.toThrow(
      /vocab\.txt: a BERT vocabulary needs \[CLS\], \[SEP\]/,
    );
  });
});
