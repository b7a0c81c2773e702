export {
  BERT_SPECIAL_TOKENS,
  MAX_INPUT_CHARS_PER_WORD,
  bertTokenizerConfig,
  bertTokenizerJson,
  formatVocabTxt,
  readBertSettings,
  readVocabTxt,
  writeBertTokenizerJson,
  type BertSettings,
  type TokenizerJson,
} from './tokenizer/bert-json.ts';
export { TextTokenizer, type SpecialTokenIds } from './tokenizer/text-tokenizer.ts';
export { loadTokenizer, saveTokenizer } from './tokenizer/load.ts';
export {
  COMPACT_SETTINGS,
  DEFAULT_COMPACT_OPTIONS,
  buildCompactVocabulary,
  compactTokenizer,
  readVocabularyTexts,
  writeCompactTokenizer,
  type CompactOptions,
  type CompactVocabulary,
} from './vocabulary/compact.ts';
export { learnPieces, type LearnPiecesOptions } from './vocabulary/learn-pieces.ts';
export { DEFAULT_LIMITS, resolveLimits, type EncodeLimits } from './encode/limits.ts';
export {
  encodeClaimSentences,
  encodeWindows,
  type EncodedClaimSentences,
  type EncodedInput,
} from './encode/claim-sentences.ts';
export {
  EXAMPLE_WINDOWS,
  checkExample,
  encodeExamples,
  encodeExamplesFile,
  type EncodeExamplesOptions,
  type EncodedExample,
  type EncodedExamples,
  type EncodeSummary,
  type ExampleWindow,
} from './encode/examples.ts';
export {
  LEXICAL_FEATURES,
  SENTENCE_BM25,
  buildLexicalStatistics,
  corpusLexicalStatistics,
  inverseFrequency,
  lexicalFeatures,
  lexicalFeaturizer,
  type LexicalStatistics,
  type SentenceFeaturizer,
} from './features/lexical.ts';
export {
  WINK_VECTORS_PACKAGE,
  WORD_VECTORS_FILE,
  WORD_VECTORS_META,
  checkWinkVectors,
  cutWordVectors,
  readWinkVectors,
  readWordVectorsMeta,
  winkVectorsPath,
  writeWordVectors,
  type CutWordVectors,
  type WordVectorSource,
  type WordVectorsMeta,
} from './vocabulary/word-vectors.ts';
