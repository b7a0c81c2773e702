import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, readJsonl, sha256, sharedReleaseDir, type CorpusDoc } from '@scifact/data';
import { referenceTokens } from '../fixtures/reference-wordpiece.ts';
import { writeTinyRelease } from '../fixtures/tiny-release.ts';
import { loadTokenizer } from '../tokenizer/load.ts';
import {
  buildCompactVocabulary,
  compactTokenizer,
  readVocabularyTexts,
  writeCompactTokenizer,
  type CompactVocabulary,
} from './compact.ts';

/** Text the corpus lacks: accents, Greek, CJK, control characters, a 101-letter word. */
const TRICKY = [
  'Café NAÏVE ø ç ß ΑΒΓ αβγ 中文 x\u0007y x\u200by x\ty x\u00a0y ½ ² ①',
  `IL-6, 10%. p<0.05 5±5 (Ω) [x] x—y x…y ${'q'.repeat(101)} ${'q'.repeat(100)}`,
];

/** Titles and sentences of the first abstracts of the shared SciFact corpus. */
async function readCorpusSample(docs: number): Promise<string[]> {
  const texts: string[] = [];
  let read = 0;
  for await (const doc of readJsonl<CorpusDoc>(corpusPath(sharedReleaseDir()))) {
    texts.push(doc.title, ...doc.abstract);
    read += 1;
    if (read === docs) break;
  }
  return texts;
}

describe('buildCompactVocabulary', () => {
  let texts: string[];
  let vocabulary: CompactVocabulary;
  beforeAll(async () => {
    texts = [...(await readCorpusSample(100)), ...TRICKY];
    vocabulary = buildCompactVocabulary(texts, { size: 3000 });
  });

  it('puts the special tokens first, [PAD] at 0, then every character plain and with ##', () => {
    expect(vocabulary.tokens.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    for (const character of ['α', 'ß', 'ø', '中', '±', '½', '①']) {
      expect(vocabulary.tokens).toContain(character);
      expect(vocabulary.tokens).toContain(`##${character}`);
    }
    expect(vocabulary.tokens).toHaveLength(3000);
    expect(new Set(vocabulary.tokens).size).toBe(3000);
    expect(vocabulary.counts.words).toBeGreaterThan(0);
    expect(vocabulary.counts.pieces).toBeGreaterThan(0);
  });

  it('tokenizes every word of its texts without [UNK], but for words over 100 characters', () => {
    const tokenizer = compactTokenizer(vocabulary.tokens);
    const tokens = texts.flatMap((text) => tokenizer.tokenStrings(text));
    const unknown = tokens.filter((token) => token === '[UNK]');
    expect(unknown).toHaveLength(1);
    expect(vocabulary.wordsTooLong).toBe(1);
  });

  it('gives the same vocabulary, byte for byte, for the same texts in any order', () => {
    const again = buildCompactVocabulary(texts, { size: 3000 });
    const reversed = buildCompactVocabulary([...texts].reverse(), { size: 3000 });
    expect(again.tokens).toEqual(vocabulary.tokens);
    expect(reversed.hash).toBe(vocabulary.hash);
  });

  it('tokenizes as an independent BERT tokenizer does with the learned vocabulary', () => {
    const tokenizer = compactTokenizer(vocabulary.tokens);
    const vocab = new Set(vocabulary.tokens);
    for (const text of texts) {
      expect(tokenizer.tokenStrings(text), text).toEqual(
        referenceTokens(text, vocab, { lowercase: true }),
      );
    }
  });

  it('fails naming the least size that holds the special and character tokens', () => {
    expect(() => buildCompactVocabulary(['abc'], { size: 8 })).toThrow(
      'compact vocabulary option size: expected at least 11 (5 special, 6 character tokens)',
    );
    expect(() => buildCompactVocabulary(['abc'], { wordShare: 2 })).toThrow(
      'compact vocabulary option wordShare: expected a number in [0, 1], got 2',
    );
  });
});

describe('writeCompactTokenizer', () => {
  it('writes vocab.txt, tokenizer.json and tokenizer_config.json that load back', async () => {
    const data = await writeTinyRelease();
    const out = join(data, 'tokenizer');
    const vocabulary = await writeCompactTokenizer(out, data, { size: 200 });

    const vocabTxt = readFileSync(join(out, 'vocab.txt'), 'utf8');
    expect(vocabTxt.split('\n').slice(0, 2)).toEqual(['[PAD]', '[UNK]']);
    expect(sha256(vocabTxt)).toBe(vocabulary.hash);
    const tokenizer = await loadTokenizer(out);
    expect(tokenizer.vocabularyHash).toBe(vocabulary.hash);
    expect(tokenizer.tokenStrings('Tumours grow.')).toEqual(['tumours', 'grow', '.']);
    expect(tokenizer.special).toEqual({ pad: 0, unk: 1, cls: 2, sep: 3, mask: 4 });
  });

  it('writes byte-identical files when run twice on the same data', async () => {
    const data = await writeTinyRelease();
    await writeCompactTokenizer(join(data, 'a'), data, { size: 200 });
    await writeCompactTokenizer(join(data, 'b'), data, { size: 200 });
    for (const name of ['vocab.txt', 'tokenizer.json', 'tokenizer_config.json']) {
      const [first, second] = ['a', 'b'].map((dir) => readFileSync(join(data, dir, name)));
      expect(second, name).toEqual(first);
    }
  });

  it('learns from the corpus and the training claims, not from dev claims', async () => {
    const texts = await readVocabularyTexts(await writeTinyRelease());
    expect(texts).toContain('Tumours shrink.');
    expect(texts).toContain('Cell death');
    expect(texts).not.toContain('Zebrafish swim.');
  });
});
