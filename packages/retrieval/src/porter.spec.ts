import { describe, expect, it } from 'vitest';
import { porterStem } from './porter.ts';

// Words and stems from the examples in Porter's 1980 paper, step by step.
// prettier-ignore
const PAPER_EXAMPLES: Record<string, string> = {
  caresses: 'caress', ponies: 'poni', ties: 'ti', caress: 'caress', cats: 'cat',
  feed: 'feed', agreed: 'agre', plastered: 'plaster', bled: 'bled', motoring: 'motor',
  sing: 'sing', conflated: 'conflat', troubled: 'troubl', sized: 'size', hopping: 'hop',
  tanned: 'tan', falling: 'fall', hissing: 'hiss', fizzed: 'fizz', failing: 'fail',
  filing: 'file', happy: 'happi', sky: 'sky', relational: 'relat', conditional: 'condit',
  rational: 'ration', valenci: 'valenc', hesitanci: 'hesit', digitizer: 'digit',
  conformabli: 'conform', radicalli: 'radic', differentli: 'differ', vileli: 'vile',
  analogousli: 'analog', vietnamization: 'vietnam', predication: 'predic', operator: 'oper',
  feudalism: 'feudal', decisiveness: 'decis', hopefulness: 'hope', callousness: 'callous',
  formaliti: 'formal', sensitiviti: 'sensit', sensibiliti: 'sensibl', triplicate: 'triplic',
  formative: 'form', formalize: 'formal', electriciti: 'electr', electrical: 'electr',
  hopeful: 'hope', goodness: 'good', revival: 'reviv', allowance: 'allow', inference: 'infer',
  airliner: 'airlin', gyroscopic: 'gyroscop', adjustable: 'adjust', defensible: 'defens',
  irritant: 'irrit', replacement: 'replac', adjustment: 'adjust', dependent: 'depend',
  adoption: 'adopt', homologou: 'homolog', communism: 'commun', activate: 'activ',
  angulariti: 'angular', homologous: 'homolog', effective: 'effect', bowdlerize: 'bowdler',
  probate: 'probat', rate: 'rate', cease: 'ceas', controll: 'control', roll: 'roll',
  generalizations: 'gener', oscillators: 'oscil',
};

describe('porterStem', () => {
  it("reproduces the examples of Porter's paper", () => {
    const stems = Object.fromEntries(Object.keys(PAPER_EXAMPLES).map((w) => [w, porterStem(w)]));
    expect(stems).toEqual(PAPER_EXAMPLES);
  });

  it('takes the revised rules for -bli and -logi', () => {
    expect(porterStem('possibli')).toBe('possibl');
    expect(porterStem('archaeologi')).toBe('archaeolog');
  });

  it('conflates the forms of a word that claims and abstracts use', () => {
    const forms = ['increase', 'increases', 'increased', 'increasing'];
    expect(new Set(forms.map(porterStem)).size).toBe(1);
  });

  it('leaves words of two letters or fewer alone', () => {
    expect(['is', 'as', 'a'].map(porterStem)).toEqual(['is', 'as', 'a']);
  });
});
