import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';

// Tokens joined by spaces, so each rule reads as one line.
const plain = (text: string) => tokenize(text, { stem: false, stopwords: false }).join(' ');

describe('tokenize', () => {
  it('lowercases and splits on whitespace and punctuation', () => {
    expect(plain('Vitamin D (cholecalciferol); "low" levels!')).toBe(
      'vitamin d cholecalciferol low levels',
    );
  });

  it('gives a hyphenated term its parts and the parts written together', () => {
    expect(plain('IL-6 and COVID‐19')).toBe('il 6 il6 and covid 19 covid19');
  });

  it('keeps decimal points and drops thousands separators', () => {
    expect(plain('1.5% of 10,000 mice, p<0.05; doses 5,6 mg')).toBe(
      '1.5 of 10000 mice p 0.05 doses 5 6 mg',
    );
  });

  it('drops possessives and joins dotted abbreviations', () => {
    expect(plain("Alzheimer's disease in the U.S., e.g. Crohn’s")).toBe(
      'alzheimer disease in the us eg crohn',
    );
  });

  it('names Greek letters so that TNF-α meets TNF-alpha', () => {
    expect(plain('TNF-α')).toBe(plain('TNF-alpha'));
    expect(plain('TGFβ')).toBe('tgfbeta');
  });

  it('drops stopwords and stems plain words by default, but not terms with digits', () => {
    expect(tokenize('The mice were treated with 2.5 mg of rapamycin').join(' ')).toBe(
      'mice treat 2.5 mg rapamycin',
    );
  });

  it('gives nothing for text without letters or digits', () => {
    expect(tokenize(' -- ; ')).toEqual([]);
  });
});
