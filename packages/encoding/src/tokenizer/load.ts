import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError, messageOf, writeJsonAtomic } from '@scifact/data';
import {
  bertTokenizerConfig,
  bertTokenizerJson,
  readBertSettings,
  readVocabTxt,
  type TokenizerJson,
} from './bert-json.ts';
import { isFile, readJsonIfPresent } from './files.ts';
import { TextTokenizer } from './text-tokenizer.ts';

/**
 * Loads the tokenizer of a folder from local files only: `tokenizer.json` (with
 * `tokenizer_config.json` when there is one), or, for a checkpoint that ships only
 * `vocab.txt`, the equivalent BERT tokenizer built in memory.
 *
 * The files are read here and handed to Transformers.js, rather than through
 * `from_pretrained`, for three reasons: `from_pretrained` requires `tokenizer_config.json`,
 * which a trained model's folder does not hold; it consults a file cache inside
 * `node_modules` before the folder itself; and it remembers, for the whole process, whether a
 * file existed. Nothing here can reach the network.
 *
 * @example const tokenizer = await loadTokenizer('artifacts/train/3f2a9c1d/');
 */
export async function loadTokenizer(dir: string): Promise<TextTokenizer> {
  const folder = resolve(dir);
  await requireDirectory(folder);

  const jsonFile = join(folder, 'tokenizer.json');
  const json = await readJsonIfPresent(jsonFile);
  if (json !== undefined) {
    const config = (await readJsonIfPresent(join(folder, 'tokenizer_config.json'))) ?? {};
    return new TextTokenizer(json as unknown as TokenizerJson, config, folder);
  }

  const vocabFile = join(folder, 'vocab.txt');
  if (await isFile(vocabFile)) {
    const settings = await readBertSettings(folder);
    const tokens = await readVocabTxt(vocabFile);
    let bertJson: TokenizerJson;
    try {
      bertJson = bertTokenizerJson(tokens, settings);
    } catch (error) {
      throw new InputError(messageOf(error), { file: vocabFile }, { cause: error });
    }
    return new TextTokenizer(bertJson, bertTokenizerConfig(settings), folder);
  }

  throw new InputError('expected tokenizer.json or vocab.txt in this folder; found neither', {
    file: folder,
  });
}

/**
 * Writes `tokenizer.json` and `tokenizer_config.json` into `dir`, so that `loadTokenizer(dir)`
 * gives the same tokenizer back (the train stage puts them beside `model.onnx`).
 */
export async function saveTokenizer(tokenizer: TextTokenizer, dir: string): Promise<void> {
  const vocabulary = tokenizer.vocabulary();
  const specialNames = {
    unk_token: vocabulary[tokenizer.special.unk],
    sep_token: vocabulary[tokenizer.special.sep],
    pad_token: vocabulary[tokenizer.special.pad],
    cls_token: vocabulary[tokenizer.special.cls],
    ...(tokenizer.special.mask === undefined
      ? {}
      : { mask_token: vocabulary[tokenizer.special.mask] }),
  };

  await writeJsonAtomic(join(dir, 'tokenizer.json'), tokenizer.json);
  await writeJsonAtomic(join(dir, 'tokenizer_config.json'), {
    ...specialNames,
    ...tokenizer.config,
  });
}

async function requireDirectory(folder: string): Promise<void> {
  let isDirectory = false;
  try {
    isDirectory = (await stat(folder)).isDirectory();
  } catch (error) {
    const message = `cannot read the tokenizer folder: ${messageOf(error)}`;
    throw new InputError(message, { file: folder }, { cause: error });
  }
  if (!isDirectory) {
    throw new InputError('expected a tokenizer folder, found a file', { file: folder });
  }
}
