import { describe, expect, it } from 'vitest';
import { idOf, tinyTokenizer } from '../fixtures/tiny-tokenizer.ts';
import { encodeClaimSentences, encodeWindows, type EncodedInput } from './claim-sentences.ts';
import { resolveLimits, type EncodeLimits } from './limits.ts';

const CLS = 2;
const SEP = 3;
const tokenizer = tinyTokenizer();
const [claim, one, two, three, four, dot] = ['claim', 'one', 'two', 'three', 'four', '.'].map(
  idOf,
);

/** A sentence of `length` tokens: "one one … one". */
function sentenceOf(length: number): string {
  return Array.from({ length }, () => 'one').join(' ');
}

describe('encodeClaimSentences', () => {
  it('lays out [CLS] claim [SEP] s1 [SEP] s2 [SEP], each sentence closed by its [SEP]', () => {
    const input = encodeClaimSentences(tokenizer, 'Claim', ['One two.', 'Three.']);
    expect(input).toEqual({
      inputIds: [CLS, claim, SEP, one, two, dot, SEP, three, dot, SEP],
      sentencePositions: [6, 9],
      sentenceIndices: [0, 1],
      omitted: [],
      truncated: [],
      claimTruncated: false,
    });
  });

  it('cuts the claim to maxClaimTokens before anything else', () => {
    const input = encodeClaimSentences(tokenizer, 'claim one two three', ['four'], {
      maxClaimTokens: 2,
    });
    expect(input.inputIds).toEqual([CLS, claim, one, SEP, four, SEP]);
    expect(input.claimTruncated).toBe(true);
  });

  it('reports the sentences past maxTokens as omitted, from the first that does not fit', () => {
    const sentences = ['one two', 'three four', 'one'];
    const input = encodeClaimSentences(tokenizer, 'claim', sentences, {
      maxTokens: 8,
      maxClaimTokens: 4,
    });
    expect(input.inputIds).toEqual([CLS, claim, SEP, one, two, SEP]);
    expect(input.sentenceIndices).toEqual([0]);
    expect(input.omitted).toEqual([1, 2]);
  });

  it('reports the sentences past maxSentences as omitted', () => {
    const input = encodeClaimSentences(tokenizer, 'claim', ['one', 'two', 'three'], {
      maxSentences: 2,
    });
    expect(input.sentencePositions).toEqual([4, 6]);
    expect(input.omitted).toEqual([2]);
  });

  it('cuts a long sentence to maxSentenceTokens and says so', () => {
    const input = encodeClaimSentences(tokenizer, 'claim', ['one two three', 'four'], {
      maxSentenceTokens: 2,
    });
    expect(input.inputIds).toEqual([CLS, claim, SEP, one, two, SEP, four, SEP]);
    expect(input.truncated).toEqual([0]);
    expect(input.omitted).toEqual([]);
  });

  it('cuts a sentence longer than the whole input to the room after the claim', () => {
    const input = encodeClaimSentences(tokenizer, 'claim', [sentenceOf(50)], {
      maxTokens: 10,
      maxClaimTokens: 5,
    });
    expect(input.inputIds).toHaveLength(10);
    expect(input.sentencePositions).toEqual([9]);
    expect(input.truncated).toEqual([0]);
  });

  it('begins at a later sentence when told, and reports the earlier ones as omitted', () => {
    const sentences = ['one', 'two', 'three', 'four'];
    const limits = { maxSentences: 2 };
    const input = encodeClaimSentences(tokenizer, 'claim', sentences, limits, { start: 1 });
    expect(input.inputIds).toEqual([CLS, claim, SEP, two, SEP, three, SEP]);
    expect(input.sentenceIndices).toEqual([1, 2]);
    expect(input.omitted).toEqual([0, 3]);
    expect(() => encodeClaimSentences(tokenizer, 'claim', ['one'], {}, { start: 2 })).toThrow(
      'start: expected an integer in [0, 1], got 2',
    );
  });

  it('gives an empty sentence its [SEP], and a claim without sentences its own input', () => {
    expect(encodeClaimSentences(tokenizer, 'claim', ['', 'one']).inputIds).toEqual([
      CLS, claim, SEP, SEP, one, SEP,
    ]);
    expect(encodeClaimSentences(tokenizer, 'claim', []).inputIds).toEqual([CLS, claim, SEP]);
  });
});

describe('encodeWindows', () => {
  function checkWindows(windows: EncodedInput[], lengths: number[], limits: EncodeLimits) {
    expect(windows.flatMap((w) => w.sentenceIndices)).toEqual(lengths.map((_, i) => i));
    const cap = Math.min(limits.maxSentenceTokens, limits.maxTokens - 4);
    for (const window of windows) {
      expect(window.inputIds.length).toBeLessThanOrEqual(limits.maxTokens);
      expect(window.sentenceIndices.length).toBeLessThanOrEqual(limits.maxSentences);
      expect(window.inputIds.slice(0, 3)).toEqual([CLS, claim, SEP]);
      let previous = 2;
      window.sentencePositions.forEach((position, k) => {
        const index = window.sentenceIndices[k];
        expect(window.inputIds[position]).toBe(SEP);
        expect(position - previous - 1).toBe(Math.min(lengths[index], cap));
        expect(window.truncated.includes(index)).toBe(lengths[index] > cap);
        previous = position;
      });
      expect(previous).toBe(window.inputIds.length - 1);
    }
  }

  it('covers every sentence once, in order, each window within the limits', () => {
    // A fixed pseudo-random sequence of sentence lengths, with some over the caps.
    let seed = 7;
    const nextLength = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % 97 === 0 ? 300 : seed % 40;
    };
    for (const limits of [
      resolveLimits({ maxTokens: 64, maxSentences: 5, maxClaimTokens: 8, maxSentenceTokens: 16 }),
      resolveLimits({ maxTokens: 32, maxSentences: 9, maxClaimTokens: 28, maxSentenceTokens: 50 }),
      resolveLimits(),
    ]) {
      for (let abstract = 0; abstract < 20; abstract += 1) {
        const lengths = Array.from({ length: 1 + (abstract % 30) }, nextLength);
        const windows = encodeWindows(tokenizer, 'claim', lengths.map(sentenceOf), limits);
        checkWindows(windows, lengths, limits);
      }
    }
  });

  it('starts a new window after maxSentences sentences', () => {
    const sentences = Array.from({ length: 25 }, () => 'one');
    const windows = encodeWindows(tokenizer, 'claim', sentences);
    expect(windows.map((w) => w.sentenceIndices.length)).toEqual([20, 5]);
    expect(windows[1].sentenceIndices[0]).toBe(20);
  });

  it('holds an abstract that fits in one window, as encodeClaimSentences does', () => {
    const sentences = ['one two.', 'three.'];
    const [window, ...rest] = encodeWindows(tokenizer, 'claim', sentences);
    const { omitted, ...single } = encodeClaimSentences(tokenizer, 'claim', sentences);
    expect(rest).toEqual([]);
    expect(omitted).toEqual([]);
    expect(window).toEqual(single);
  });

  it('gives an abstract without sentences one window with the claim alone', () => {
    const windows = encodeWindows(tokenizer, 'claim', []);
    expect(windows).toEqual([
      {
        inputIds: [CLS, claim, SEP],
        sentencePositions: [],
        sentenceIndices: [],
        truncated: [],
        claimTruncated: false,
      },
    ]);
  });
});

describe('resolveLimits', () => {
  it('fills the defaults: 512 tokens, 20 sentences, a 64-token claim', () => {
    expect(resolveLimits({ maxSentences: 10 })).toEqual({
      maxTokens: 512,
      maxSentences: 10,
      maxClaimTokens: 64,
      maxSentenceTokens: 128,
    });
  });

  it('names the bad limit, what it expected and what it got', () => {
    expect(() => resolveLimits({ maxTokens: 0 })).toThrow(
      'encoding limit maxTokens: expected a positive integer, got 0',
    );
    expect(() => resolveLimits({ maxTokens: 60 })).toThrow(
      'encoding limit maxTokens: expected at least maxClaimTokens + 4 = 68, got 60',
    );
    expect(() => resolveLimits({ maxWords: 3 } as never)).toThrow(
      /^unknown encoding limit "maxWords"; expected one of maxTokens, maxSentences, /,
    );
  });
});
