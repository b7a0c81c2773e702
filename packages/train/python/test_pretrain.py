"""Tests of pretrain.py: BERT's masking rule, the tied MLM head, sequence checks.

Run: /usr/bin/python3 -m unittest discover -s packages/train/python (python-tests.spec.ts does).
"""

import contextlib
import io
import json
import os
import tempfile
import unittest

import torch

import pretrain as P
import trainer as T

CONFIG = dict(P.DEFAULTS, vocab_size=60, first_word_id=5, mask_token_id=4)


def batch(rows=32, length=40):
    generator = torch.Generator().manual_seed(1)
    ids = torch.randint(5, 60, (rows, length), generator=generator)
    ids[:, 0], ids[:, 10], ids[:, -1] = 2, 3, 3
    mask = torch.ones_like(ids)
    mask[0, 20:] = 0
    ids[0, 20:] = 0
    return ids, mask


class MaskingTest(unittest.TestCase):
    def test_masks_words_only_about_the_asked_share_and_at_least_one_a_sequence(self):
        ids, mask = batch()
        generator = torch.Generator().manual_seed(0)
        inputs, chosen, targets = P.mask_tokens(ids, mask, CONFIG, generator)

        self.assertFalse(chosen[ids < 5].any(), "special tokens and padding are never chosen")
        self.assertTrue(chosen.any(dim=1).all())
        share = float(chosen.sum()) / float(((ids >= 5) & mask.bool()).sum())
        self.assertGreater(share, 0.10)
        self.assertLess(share, 0.20)
        self.assertTrue(torch.equal(targets, ids[chosen]))

    def test_most_chosen_tokens_become_mask_and_the_rest_stay_words(self):
        ids, mask = batch(rows=200)
        generator = torch.Generator().manual_seed(0)
        inputs, chosen, _ = P.mask_tokens(ids, mask, CONFIG, generator)

        masked = float((inputs[chosen] == 4).sum()) / float(chosen.sum())
        self.assertGreater(masked, 0.75)
        self.assertLess(masked, 0.85)
        self.assertTrue(torch.equal(inputs[~chosen], ids[~chosen]))
        self.assertTrue((inputs[chosen & (inputs != 4)] >= 5).all())

    def test_the_same_generator_seed_masks_the_same_tokens(self):
        ids, mask = batch()
        first = P.mask_tokens(ids, mask, CONFIG, torch.Generator().manual_seed(7))
        second = P.mask_tokens(ids, mask, CONFIG, torch.Generator().manual_seed(7))

        for a, b in zip(first, second):
            self.assertTrue(torch.equal(a, b))


class ModelTest(unittest.TestCase):
    def test_the_head_reads_the_word_embeddings_it_predicts(self):
        config = T.scratch_bert_config(dict(T.DEFAULTS, vocab_size=60, hidden_size=32))
        model = P.MaskedLanguageModel(config, sep_token_id=3)
        ids, mask = batch(rows=2, length=12)
        chosen = torch.zeros_like(ids, dtype=torch.bool)
        chosen[:, 4] = True

        logits = model(ids, mask, chosen)

        self.assertEqual(tuple(logits.shape), (2, 60))
        logits.sum().backward()
        self.assertIsNotNone(model.bert.embeddings.word_embeddings.weight.grad)


class SequencesTest(unittest.TestCase):
    def test_a_bad_line_is_named_with_file_and_line(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "sequences.jsonl")
            with open(path, "w") as file:
                file.write(json.dumps({"input_ids": [2, 7, 3]}) + "\n")
                file.write(json.dumps({"input_ids": [2, 99, 3]}) + "\n")

            with self.assertRaises(T.InputError) as caught:
                P.read_sequences(path, vocab_size=60, max_length=64)
        expected = "sequences.jsonl:2: input_ids must be 2 to 64 ids in [0, 60)"
        self.assertIn(expected, str(caught.exception))


class ConfigTest(unittest.TestCase):
    def test_a_shape_that_does_not_split_into_heads_is_a_clear_input_error(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "sequences.jsonl")
            with open(path, "w") as file:
                file.write(json.dumps({"input_ids": [2, 7, 3]}) + "\n")
            config = os.path.join(folder, "config.json")
            with open(config, "w") as file:
                json.dump(dict(sequences=path, out_dir=folder, hidden_size=30, num_heads=4), file)

            err = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                code = P.main(["--config", config])

        self.assertEqual(code, 2)
        expected = "config: hidden_size 30 is not a multiple of num_attention_heads 4"
        self.assertIn(expected, err.getvalue())


if __name__ == "__main__":
    unittest.main()
