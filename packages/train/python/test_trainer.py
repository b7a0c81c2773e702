"""Tests of trainer.py: config, data checks, batching, schedule, overfitting, determinism,
checkpoint start and the CUDA out-of-memory report. Tiny models, one thread.

Run: /usr/bin/python3 -m unittest discover -s packages/train/python (test_model.spec.ts does).
"""

import contextlib
import io
import json
import os
import random
import tempfile
import unittest
from unittest import mock

import torch

import model as M
import trainer as T

CLS, SEP = 2, 3
TINY = {
    "vocab_size": 60,
    "hidden_size": 32,
    "num_layers": 2,
    "num_heads": 2,
    "intermediate_size": 64,
    "max_length": 64,
    "threads": 1,
    "batch_size": 8,
}


def make_encoded(path, count=24, seed=0):
    """Examples with something to learn: the claim's token 10, 11 or 12 gives the label, and
    the evidence sentence (never in NOT_ENOUGH_INFO examples) holds token 20."""
    rng = random.Random(seed)
    with open(path, "w") as file:
        for index in range(count):
            label = index % 3
            ids = [CLS, 10 + label] + [rng.randint(30, 59) for _ in range(rng.randint(2, 5))]
            ids.append(SEP)
            sentences = rng.randint(1, 4)
            evidence_at = rng.randrange(sentences) if label < 2 else -1
            positions, evidence = [], []
            for sentence in range(sentences):
                words = [rng.randint(30, 59) for _ in range(rng.randint(2, 6))]
                if sentence == evidence_at:
                    words[rng.randrange(len(words))] = 20
                ids += words + [SEP]
                positions.append(len(ids) - 1)
                evidence.append(int(sentence == evidence_at))
            record = {
                "id": f"{index}:{100 + index}",
                "input_ids": ids,
                "sentence_positions": positions,
                "evidence_labels": evidence,
                "label": label,
            }
            file.write(json.dumps(record) + "\n")


def add_features(path, count=3):
    """Gives every example's sentences `count` features: the first is 1 on evidence."""
    with open(path) as file:
        lines = [json.loads(line) for line in file]
    with open(path, "w") as file:
        for record in lines:
            rows = [[float(e)] + [0.5] * (count - 1) for e in record["evidence_labels"]]
            file.write(json.dumps(dict(record, sentence_features=rows)) + "\n")


def run_main(args):
    """main()'s exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = T.main(args)
    return code, out.getvalue(), err.getvalue()


def config_args(folder, **overrides):
    """--config FILE for TINY plus overrides, with encoded.jsonl and out_dir in `folder`."""
    config = dict(TINY, encoded=os.path.join(folder, "encoded.jsonl"))
    config["out_dir"] = os.path.join(folder, "out")
    config.update(overrides)
    path = os.path.join(folder, "config.json")
    with open(path, "w") as file:
        json.dump(config, file)
    return ["--config", path]


def records(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


class ConfigTest(unittest.TestCase):
    def test_an_unknown_key_fails_with_its_name(self):
        with self.assertRaises(T.InputError) as caught:
            T.resolve_config(["--encoded=a", "--out_dir=b", "--learning_rate=0.1"])
        self.assertIn("unknown config key 'learning_rate'", str(caught.exception))

    def test_a_value_of_the_wrong_type_fails(self):
        with self.assertRaises(T.InputError) as caught:
            T.resolve_config(["--encoded=a", "--out_dir=b", "--epochs=2.5"])
        self.assertIn("'epochs' expects int, got 2.5", str(caught.exception))

    def test_choices_are_listed(self):
        with self.assertRaises(T.InputError) as caught:
            T.resolve_config(["--encoded=a", "--out_dir=b", "--evidence_loss=hinge"])
        message = str(caught.exception)
        self.assertIn("must be one of bce, focal, weighted_bce; got 'hinge'", message)

    def test_arguments_override_the_config_file(self):
        with tempfile.TemporaryDirectory() as folder:
            args = config_args(folder, lr=0.001, epochs=5)
            config = T.resolve_config(args + ["--epochs", "7", "--device=cpu"])

        self.assertEqual((config["lr"], config["epochs"], config["device"]), (0.001, 7, "cpu"))
        self.assertEqual(config["focal_gamma"], T.DEFAULTS["focal_gamma"])

    def test_an_unknown_key_in_the_file_exits_with_code_2(self):
        with tempfile.TemporaryDirectory() as folder:
            code, _, err = run_main(config_args(folder, warmup=3))
        self.assertEqual(code, 2)
        self.assertIn("unknown config key 'warmup'", err)


    def test_a_shape_that_does_not_split_into_heads_exits_with_code_2(self):
        with tempfile.TemporaryDirectory() as folder:
            make_encoded(os.path.join(folder, "encoded.jsonl"), count=3)
            code, _, err = run_main(config_args(folder, hidden_size=30, num_heads=4))
        self.assertEqual(code, 2)
        self.assertIn("hidden_size 30 is not a multiple of num_attention_heads 4", err)


class DataTest(unittest.TestCase):
    def test_a_bad_example_names_file_line_and_id(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "encoded.jsonl")
            make_encoded(path, count=3)
            with open(path, "a") as file:
                bad = {"id": "7:9", "input_ids": [2, 5, 3, 6, 3], "sentence_positions": [2, 4]}
                file.write(json.dumps(dict(bad, evidence_labels=[1], label=0)) + "\n")

            with self.assertRaises(T.InputError) as caught:
                T.read_examples(path, 60, 64)

        message = str(caught.exception)
        self.assertIn(f"{path}:4: example '7:9'", message)
        self.assertIn("2 sentence positions but evidence_labels 1", message)

    def test_token_ids_outside_the_vocabulary_fail(self):
        record = {"id": "1:2", "input_ids": [2, 99, 3], "sentence_positions": [2]}
        record.update(evidence_labels=[0], label=2)
        self.assertIn("must lie in 0..59", T.check_example(record, 60, 64))
        self.assertIn("at most 2", T.check_example(record, 100, 2))

    def test_batches_cover_every_example_once_grouped_by_length(self):
        lengths = [random.Random(i).randint(5, 500) for i in range(100)]

        first = T.make_batches(lengths, 8, 4, torch.Generator().manual_seed(1))
        again = T.make_batches(lengths, 8, 4, torch.Generator().manual_seed(1))
        other = T.make_batches(lengths, 8, 4, torch.Generator().manual_seed(2))

        self.assertEqual(first, again)
        self.assertNotEqual(first, other)
        self.assertEqual(sorted(i for batch in first for i in batch), list(range(100)))
        spread = sum(max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in first)
        self.assertLess(spread / len(first), 200, "a bucket sorts by length")

    def test_collate_pads_to_the_longest_member(self):
        examples = [
            {
                "input_ids": [2, 5, 3],
                "sentence_positions": [2],
                "evidence_labels": [1],
                "label": 0,
            },
            {
                "input_ids": [2, 5, 3, 6, 3, 7, 3],
                "sentence_positions": [4, 6],
                "evidence_labels": [0, 1],
                "label": 2,
            },
        ]
        batch = T.collate(examples, pad_token_id=0)

        self.assertEqual(tuple(batch["input_ids"].shape), (2, 7))
        self.assertEqual(batch["attention_mask"][0].tolist(), [1, 1, 1, 0, 0, 0, 0])
        self.assertEqual(batch["sentence_positions"].tolist(), [[2, 0], [4, 6]])
        self.assertEqual(batch["sentence_mask"].tolist(), [[True, False], [True, True]])

    def test_the_schedule_warms_up_then_decays_to_zero(self):
        factors = [T.lr_factor(step, 10, 2) for step in range(10)]
        self.assertEqual(factors[:3], [0.5, 1.0, 1.0])
        self.assertTrue(all(a > b for a, b in zip(factors[2:], factors[3:])))
        self.assertAlmostEqual(factors[-1], 0.125)


class TrainingTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.folder = self.dir.name
        make_encoded(os.path.join(self.folder, "encoded.jsonl"))

    def tearDown(self):
        self.dir.cleanup()

    def test_a_tiny_bert_overfits_a_small_example_set(self):
        code, out, _ = run_main(
            config_args(self.folder, epochs=40, lr=1e-2, dropout=0.0, export=False)
        )

        self.assertEqual(code, 0)
        summary = [r for r in records(out) if r["event"] == "summary"][0]
        self.assertLess(summary["last_epoch_loss"], 0.25 * summary["first_loss"], summary)

    def test_the_log_streams_steps_epochs_a_summary_and_the_export(self):
        code, out, err = run_main(config_args(self.folder, epochs=2, log_interval=2))

        self.assertEqual(code, 0, err)
        events = [r["event"] for r in records(out)]
        self.assertEqual(events[0], "start")
        self.assertEqual(events[-2:], ["summary", "export"])
        step = [r for r in records(out) if r["event"] == "step"][0]
        keys = ["event", "step", "epoch", "loss", "label_loss", "evidence_loss", "lr"]
        self.assertEqual(list(step)[:7], keys)
        self.assertIn("examples_per_s", step)
        with open(os.path.join(self.folder, "out", "log.jsonl")) as file:
            self.assertEqual(file.read(), out)

        saved = json.load(open(os.path.join(self.folder, "out", "trainer_config.json")))
        self.assertEqual(saved["config"]["sep_token_id"], SEP)
        self.assertEqual(saved["labels"], ["SUPPORT", "CONTRADICT", "NOT_ENOUGH_INFO"])
        parity = json.load(open(os.path.join(self.folder, "out", "parity.json")))
        sizes = [len(case["outputs"]["label_logits"]) for case in parity["cases"]]
        self.assertEqual(sizes, [1, 2, 3])

    def test_the_same_seed_gives_the_same_bytes_on_cpu(self):
        # ONNX files are compared byte for byte: on torch 1.13 and 2.x, the same weights trace
        # to the same graph. Log records are compared without their timing fields.
        outputs = []
        for run in ("a", "b"):
            out_dir = os.path.join(self.folder, run)
            code, out, _ = run_main(config_args(self.folder, epochs=2, out_dir=out_dir))
            self.assertEqual(code, 0)
            with open(os.path.join(out_dir, "model.onnx"), "rb") as file:
                onnx = file.read()
            timeless = [
                {k: v for k, v in r.items() if not k.endswith("_s") and k != "seconds"}
                for r in records(out)
            ]
            outputs.append((onnx, timeless))

        self.assertEqual(outputs[0][0], outputs[1][0])
        self.assertEqual(outputs[0][1], outputs[1][1])

    def test_training_starts_from_a_hugging_face_checkpoint(self):
        checkpoint = os.path.join(self.folder, "bert")
        shape = {"vocab_size": 60, "hidden_size": 48, "num_hidden_layers": 1}
        config = M.bert_config_from(dict(shape, num_attention_heads=2, intermediate_size=64))
        bert = M.ClaimVerifier(config)
        M.save_hf_checkpoint(bert, checkpoint)

        code, out, err = run_main(config_args(self.folder, init_from=checkpoint, export=False))

        self.assertEqual(code, 0, err)
        parameters = sum(p.numel() for p in bert.parameters())
        self.assertEqual(records(out)[0]["parameters"], parameters, "the checkpoint's shape")

    def test_a_corrupt_checkpoint_exits_with_code_2_naming_the_file(self):
        checkpoint = os.path.join(self.folder, "bert")
        os.makedirs(checkpoint)
        with open(os.path.join(checkpoint, "config.json"), "w") as file:
            json.dump({"vocab_size": 60, "hidden_size": 32, "num_attention_heads": 2}, file)
        with open(os.path.join(checkpoint, "model.safetensors"), "wb") as file:
            file.write(b"\x10\x00")

        code, out, err = run_main(config_args(self.folder, init_from=checkpoint))

        self.assertEqual(code, 2)
        self.assertIn(os.path.join(checkpoint, "model.safetensors"), err)
        self.assertEqual(records(out)[-1]["kind"], "input")

    def test_cuda_out_of_memory_names_the_batch_size_and_a_smaller_one(self):
        oom_type = getattr(torch.cuda, "OutOfMemoryError", RuntimeError)
        error = oom_type("CUDA out of memory. Tried to allocate 2.00 GiB")
        with mock.patch.object(T, "train", side_effect=error):
            code, out, err = run_main(config_args(self.folder, batch_size=16))

        self.assertEqual(code, T.EXIT_CUDA_OOM)
        self.assertIn("batch size 16; try batch size 8 (--batch-size 8)", err)
        last = records(out)[-1]
        self.assertEqual((last["kind"], last["suggested_batch_size"]), ("cuda_oom", 8))

    def test_asking_for_cuda_without_one_fails_clearly(self):
        if torch.cuda.is_available():
            self.skipTest("this machine has CUDA")
        code, _, err = run_main(config_args(self.folder, device="cuda"))
        self.assertEqual(code, 2)
        self.assertIn("sees no CUDA device", err)



class SentenceFeaturesTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.folder = self.dir.name
        make_encoded(os.path.join(self.folder, "encoded.jsonl"))
        add_features(os.path.join(self.folder, "encoded.jsonl"))

    def tearDown(self):
        self.dir.cleanup()

    def test_a_features_model_exports_a_fourth_input_and_writes_it_for_parity(self):
        code, _, err = run_main(config_args(self.folder, epochs=1, sentence_features=3))

        self.assertEqual(code, 0, err)
        with open(os.path.join(self.folder, "out", "parity.json")) as file:
            case = json.load(file)["cases"][1]
        self.assertEqual(len(case["inputs"]["sentence_features"][0][0]), 3)
        sentences = len(case["inputs"]["sentence_positions"][0])
        self.assertEqual(len(case["inputs"]["sentence_features"][0]), sentences)

    def test_features_of_the_wrong_width_name_file_line_and_id(self):
        code, _, err = run_main(config_args(self.folder, epochs=1, sentence_features=4))

        self.assertEqual(code, 2)
        self.assertIn("encoded.jsonl:1: example '0:100' sentence_features must be", err)
        self.assertIn("of 4 numbers", err)

    def test_collate_pads_features_with_zeros(self):
        examples = T.read_examples(os.path.join(self.folder, "encoded.jsonl"), 60, 64, 3)[:4]
        batch = T.collate(examples, 0, 3)

        counts = [len(e["sentence_positions"]) for e in examples]
        self.assertEqual(batch["sentence_features"].shape, (4, max(counts), 3))
        for row, count in enumerate(counts):
            self.assertTrue(torch.all(batch["sentence_features"][row, count:] == 0))

    def test_the_features_alone_teach_the_evidence_head(self):
        # The first feature marks evidence; the direct path learns it within a few epochs.
        overrides = dict(epochs=8, lr=1e-2, dropout=0.0, export=False, sentence_features=3)
        code, out, err = run_main(config_args(self.folder, **overrides))

        self.assertEqual(code, 0, err)
        steps = [r for r in records(out) if r["event"] == "step"]
        self.assertLess(steps[-1]["evidence_loss"], 0.2, steps[-1])


def write_vectors(path, rows, dims, found):
    """A word-vector file: row i is [i, -i, ...] for the ids in `found`, zeros elsewhere."""
    matrix = torch.zeros(rows, dims)
    for row in found:
        matrix[row] = torch.tensor([float(row), -float(row)] * (dims // 2))
    with open(path, "wb") as file:
        file.write(matrix.numpy().astype("<f4").tobytes())
    return matrix


class WordVectorsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "vectors.f32")

    def tearDown(self):
        self.dir.cleanup()

    def model(self):
        config = dict(T.DEFAULTS, **TINY)
        torch.manual_seed(0)
        return M.ClaimVerifier(T.scratch_bert_config(config))

    def test_rows_with_a_vector_start_from_it_scaled_and_the_rest_stay_random(self):
        model = self.model()
        before = model.bert.embeddings.word_embeddings.weight.detach().clone()
        vectors = write_vectors(self.path, 60, 4, found=[10, 20, 30])

        with contextlib.redirect_stderr(io.StringIO()):
            T.start_from_word_vectors(model, self.path, 4)

        after = model.bert.embeddings.word_embeddings.weight.detach()
        scale = 0.02 / vectors[[10, 20, 30]].pow(2).mean().sqrt()
        for row in (10, 20, 30):
            self.assertTrue(torch.allclose(after[row, :4], vectors[row] * scale))
            self.assertTrue(torch.equal(after[row, 4:], before[row, 4:]))
        untouched = [row for row in range(60) if row not in (10, 20, 30)]
        self.assertTrue(torch.equal(after[untouched], before[untouched]))
        self.assertAlmostEqual(float(after[[10, 20, 30], :4].pow(2).mean().sqrt()), 0.02, 6)

    def test_a_file_of_the_wrong_size_is_named_with_both_sizes(self):
        write_vectors(self.path, 50, 4, found=[1])

        with self.assertRaises(T.InputError) as caught:
            T.start_from_word_vectors(self.model(), self.path, 4)
        message = str(caught.exception)
        self.assertIn("expected 60 x 4 float32 values (960 bytes), found 800 bytes", message)

    def test_more_dimensions_than_the_hidden_size_are_refused(self):
        write_vectors(self.path, 60, 34, found=[1])

        with self.assertRaises(T.InputError) as caught:
            T.start_from_word_vectors(self.model(), self.path, 34)
        self.assertIn("34 dimensions, more than hidden_size 32", str(caught.exception))

    def test_training_from_word_vectors_runs_and_is_repeatable(self):
        make_encoded(os.path.join(self.dir.name, "encoded.jsonl"))
        write_vectors(self.path, 60, 4, found=[20, 30, 40])
        overrides = dict(epochs=1, export=False, word_vectors=self.path, word_vector_dims=4)

        code, first, err = run_main(config_args(self.dir.name, **overrides))
        self.assertEqual(code, 0, err)
        self.assertIn("word vectors: 3 of 60 tokens start from", err)
        code, second, _ = run_main(config_args(self.dir.name, **overrides))
        steps = [[r for r in records(out) if r["event"] == "step"] for out in (first, second)]
        self.assertEqual([r["loss"] for r in steps[0]], [r["loss"] for r in steps[1]])

    def test_a_checkpoint_encoder_does_not_take_word_vectors(self):
        config = dict(T.DEFAULTS, **TINY, init_from="/some/checkpoint", word_vectors=self.path)
        with self.assertRaises(T.InputError) as caught:
            T.build_model(config, None)
        self.assertIn("a checkpoint has its own", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
