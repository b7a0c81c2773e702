"""Unit tests of model.py: checkpoint files, attention masking, token types, loss masks.

Run: /usr/bin/python3 -m unittest discover -s packages/train/python (test_model.spec.ts does).
"""

import json
import os
import struct
import tempfile
import unittest

import torch
from torch.nn import functional as F

import model as M

torch.set_num_threads(1)

TINY = {
    "vocab_size": 50,
    "hidden_size": 32,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "intermediate_size": 64,
    "max_position_embeddings": 40,
    "type_vocab_size": 2,
}


def hf_state_dict(config, seed=0, prefix="bert."):
    """A BERT state dict under Hugging Face's names, written out here name by name (not
    derived from model.py), plus the pooler and MLM head tensors a real checkpoint has."""
    generator = torch.Generator().manual_seed(seed)
    random = lambda size: torch.randn(size, generator=generator)  # noqa: E731
    hidden, inner = config["hidden_size"], config["intermediate_size"]
    shapes = {
        "embeddings.word_embeddings.weight": (config["vocab_size"], hidden),
        "embeddings.position_embeddings.weight": (config["max_position_embeddings"], hidden),
        "embeddings.token_type_embeddings.weight": (config["type_vocab_size"], hidden),
        "embeddings.LayerNorm.weight": (hidden,),
        "embeddings.LayerNorm.bias": (hidden,),
        "pooler.dense.weight": (hidden, hidden),
        "pooler.dense.bias": (hidden,),
    }
    for layer in range(config["num_hidden_layers"]):
        base = f"encoder.layer.{layer}."
        for name in ("query", "key", "value"):
            shapes[f"{base}attention.self.{name}.weight"] = (hidden, hidden)
            shapes[f"{base}attention.self.{name}.bias"] = (hidden,)
        shapes[f"{base}attention.output.dense.weight"] = (hidden, hidden)
        shapes[f"{base}attention.output.dense.bias"] = (hidden,)
        shapes[f"{base}attention.output.LayerNorm.weight"] = (hidden,)
        shapes[f"{base}attention.output.LayerNorm.bias"] = (hidden,)
        shapes[f"{base}intermediate.dense.weight"] = (inner, hidden)
        shapes[f"{base}intermediate.dense.bias"] = (inner,)
        shapes[f"{base}output.dense.weight"] = (hidden, inner)
        shapes[f"{base}output.dense.bias"] = (hidden,)
        shapes[f"{base}output.LayerNorm.weight"] = (hidden,)
        shapes[f"{base}output.LayerNorm.bias"] = (hidden,)

    state = {prefix + name: random(size) for name, size in shapes.items()}
    state["cls.predictions.bias"] = torch.zeros(config["vocab_size"])
    positions = torch.arange(config["max_position_embeddings"])[None]
    state[prefix + "embeddings.position_ids"] = positions
    return state


def write_checkpoint(folder, state, weights="pytorch_model.bin"):
    os.makedirs(folder, exist_ok=True)
    config = dict(TINY, model_type="bert", hidden_act="gelu", architectures=["BertForMaskedLM"])
    with open(os.path.join(folder, "config.json"), "w") as file:
        json.dump(config, file)
    path = os.path.join(folder, weights)
    if weights.endswith(".bin"):
        torch.save(state, path)
    else:
        M.write_safetensors(path, state)
    return path


class CheckpointTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.folder = os.path.join(self.dir.name, "bert")

    def tearDown(self):
        self.dir.cleanup()

    def assert_loaded(self, model, state, prefix="bert."):
        loaded = model.bert.state_dict()
        for name in ("embeddings.word_embeddings.weight", "encoder.layer.1.output.dense.bias"):
            self.assertTrue(torch.equal(loaded[name], state[prefix + name]), name)
        query = "encoder.layer.0.attention.self.query.weight"
        self.assertTrue(torch.equal(loaded[query], state[prefix + query]))

    def test_loads_pytorch_model_bin_with_hugging_face_names(self):
        state = hf_state_dict(TINY)
        write_checkpoint(self.folder, state, "pytorch_model.bin")

        model, ignored = M.load_checkpoint(self.folder)

        self.assert_loaded(model, state)
        self.assertEqual(model.bert_config["num_hidden_layers"], 2)
        self.assertEqual(ignored, [], "pooler, MLM head and position_ids are dropped silently")

    def test_reports_tensors_that_are_not_berts(self):
        state = hf_state_dict(TINY)
        state["bert.encoder.layer.0.adapter.weight"] = torch.zeros(2)
        write_checkpoint(self.folder, state)

        _, ignored = M.load_checkpoint(self.folder)

        self.assertEqual(ignored, ["encoder.layer.0.adapter.weight"])

    def test_loads_model_safetensors_without_the_bert_prefix(self):
        state = hf_state_dict(TINY, prefix="")
        write_checkpoint(self.folder, state, "model.safetensors")

        model, _ = M.load_checkpoint(self.folder)

        self.assert_loaded(model, state, prefix="")

    def test_prefers_safetensors_when_both_files_exist(self):
        write_checkpoint(self.folder, hf_state_dict(TINY, seed=1), "pytorch_model.bin")
        state = hf_state_dict(TINY, seed=2)
        write_checkpoint(self.folder, state, "model.safetensors")

        model, _ = M.load_checkpoint(self.folder)

        self.assert_loaded(model, state)

    def test_renames_tensorflow_era_layer_norm_gamma_and_beta(self):
        state = hf_state_dict(TINY)
        old = {}
        for name, tensor in state.items():
            name = name.replace("LayerNorm.weight", "LayerNorm.gamma")
            old[name.replace("LayerNorm.bias", "LayerNorm.beta")] = tensor
        write_checkpoint(self.folder, old)

        model, _ = M.load_checkpoint(self.folder)

        expected = state["bert.embeddings.LayerNorm.weight"]
        self.assertTrue(torch.equal(model.bert.embeddings.LayerNorm.weight, expected))

    def test_missing_tensors_fail_naming_the_file_and_keys(self):
        state = hf_state_dict(TINY)
        del state["bert.encoder.layer.1.attention.self.key.weight"]
        path = write_checkpoint(self.folder, state)

        with self.assertRaises(M.CheckpointError) as caught:
            M.load_checkpoint(self.folder)

        message = str(caught.exception)
        self.assertIn(path, message)
        self.assertIn("missing 1 tensors: encoder.layer.1.attention.self.key.weight", message)

    def test_mismatched_shapes_fail_naming_both_shapes(self):
        state = hf_state_dict(TINY)
        state["bert.embeddings.word_embeddings.weight"] = torch.zeros(49, 32)
        write_checkpoint(self.folder, state)

        with self.assertRaises(M.CheckpointError) as caught:
            M.load_checkpoint(self.folder)

        self.assertIn(
            "embeddings.word_embeddings.weight (checkpoint [49, 32], model [50, 32])",
            str(caught.exception),
        )

    def test_a_truncated_safetensors_file_fails_clearly(self):
        path = write_checkpoint(self.folder, hf_state_dict(TINY), "model.safetensors")
        with open(path, "rb") as file:
            data = file.read()
        with open(path, "wb") as file:
            file.write(data[: len(data) // 2])

        with self.assertRaises(M.CheckpointError) as caught:
            M.load_checkpoint(self.folder)

        self.assertIn(path, str(caught.exception))
        self.assertIn("truncated or corrupt", str(caught.exception))

    def test_a_garbage_bin_file_fails_naming_it(self):
        path = write_checkpoint(self.folder, hf_state_dict(TINY))
        with open(path, "wb") as file:
            file.write(b"not a pickle at all")

        with self.assertRaises(M.CheckpointError) as caught:
            M.load_checkpoint(self.folder)

        self.assertIn(f"{path}: cannot read PyTorch weights", str(caught.exception))

    def test_a_folder_without_weights_or_config_fails(self):
        os.makedirs(self.folder)
        with self.assertRaises(M.CheckpointError) as caught:
            M.load_checkpoint(self.folder)
        self.assertIn("config.json: not found", str(caught.exception))

        with open(os.path.join(self.folder, "config.json"), "w") as file:
            json.dump(TINY, file)
        with self.assertRaises(M.CheckpointError) as caught:
            M.load_checkpoint(self.folder)
        message = str(caught.exception)
        self.assertIn("holds neither model.safetensors nor pytorch_model.bin", message)

    def test_saved_checkpoints_load_back_with_equal_outputs(self):
        torch.manual_seed(0)
        original = M.ClaimVerifier(M.bert_config_from(TINY)).eval()
        M.save_hf_checkpoint(original, self.folder)

        loaded, ignored = M.load_checkpoint(self.folder)
        loaded.eval()

        self.assertEqual(ignored, [])
        ids = torch.randint(5, 50, (2, 12))
        inputs = (ids, torch.ones_like(ids), torch.zeros_like(ids))
        self.assertTrue(torch.equal(original.bert(*inputs), loaded.bert(*inputs)))


class SafetensorsTest(unittest.TestCase):
    def test_reads_a_file_laid_out_by_hand(self):
        # Built from the format's description, independently of write_safetensors.
        values = struct.pack("<4f", 1.0, -2.0, 3.5, 0.25) + struct.pack("<2q", 7, -9)
        header = {
            "__metadata__": {"format": "pt"},
            "a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
            "b": {"dtype": "I64", "shape": [2], "data_offsets": [16, 32]},
        }
        text = json.dumps(header).encode()
        with tempfile.NamedTemporaryFile(suffix=".safetensors", delete=False) as file:
            file.write(struct.pack("<Q", len(text)) + text + values)

        tensors = M.read_safetensors(file.name)
        os.unlink(file.name)

        self.assertEqual(tensors["a"].tolist(), [[1.0, -2.0], [3.5, 0.25]])
        self.assertEqual(tensors["b"].tolist(), [7, -9])

    def test_round_trips_half_precision_types(self):
        tensors = {
            "bf16": torch.randn(3, 5).to(torch.bfloat16),
            "f16": torch.randn(4).to(torch.float16),
            "empty": torch.zeros(0, 3),
        }
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "t.safetensors")
            M.write_safetensors(path, tensors)
            with open(path, "rb") as file:
                (header_length,) = struct.unpack("<Q", file.read(8))
            back = M.read_safetensors(path)

        self.assertEqual(header_length % 8, 0)
        for name, tensor in tensors.items():
            self.assertEqual(back[name].dtype, tensor.dtype)
            self.assertTrue(torch.equal(back[name], tensor), name)

    def test_a_header_that_is_not_json_fails(self):
        with tempfile.NamedTemporaryFile(suffix=".safetensors", delete=False) as file:
            file.write(struct.pack("<Q", 4) + b"{{{{")
        with self.assertRaises(M.CheckpointError) as caught:
            M.read_safetensors(file.name)
        os.unlink(file.name)
        self.assertIn("header is not JSON", str(caught.exception))


class ModelTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.model = M.ClaimVerifier(M.bert_config_from(TINY), sep_token_id=3).eval()

    def test_padding_does_not_change_real_outputs(self):
        short = torch.tensor([[2, 10, 11, 3, 12, 13, 3]])
        padded = torch.cat([short, torch.zeros(1, 5, dtype=torch.long)], dim=1)
        mask = (padded != 0).long()
        positions = torch.tensor([[6]])

        with torch.no_grad():
            label_a, evidence_a = self.model(short, torch.ones_like(short), positions)
            label_b, evidence_b = self.model(padded, mask, positions)

        self.assertLess((label_a - label_b).abs().max().item(), 1e-5)
        self.assertLess((evidence_a - evidence_b).abs().max().item(), 1e-5)

    def test_manual_attention_matches_sdpa_where_torch_has_it(self):
        ids = torch.randint(5, 50, (3, 10))
        mask = torch.ones_like(ids)
        mask[1, 6:] = 0
        positions = torch.tensor([[3, 9], [5, 0], [2, 4]])

        with torch.no_grad():
            self.model.set_attention("manual")
            manual = self.model(ids, mask, positions)
            self.model.set_attention("sdpa")
            fused = self.model(ids, mask, positions)

        for a, b in zip(manual, fused):
            self.assertLess((a - b).abs().max().item(), 1e-5)

    def test_output_shapes_follow_batch_and_sentences(self):
        ids = torch.randint(5, 50, (4, 9))
        positions = torch.tensor([[2, 5, 8]] * 4)

        label_logits, evidence_logits = self.model(ids, torch.ones_like(ids), positions)

        self.assertEqual(tuple(label_logits.shape), (4, 3))
        self.assertEqual(tuple(evidence_logits.shape), (4, 3))

    def test_token_type_one_starts_after_the_first_sep(self):
        ids = torch.tensor([[2, 10, 3, 11, 3, 12, 3, 0]])
        self.assertEqual(self.model.token_types(ids).tolist(), [[0, 0, 0, 1, 1, 1, 1, 1]])

        self.model.sep_token_id = -1
        self.assertEqual(self.model.token_types(ids).tolist(), [[0] * 8])

    def test_rejects_activations_other_than_gelu(self):
        with self.assertRaises(ValueError) as caught:
            M.bert_config_from(dict(TINY, hidden_act="relu"))
        self.assertIn("'relu'", str(caught.exception))


SETTINGS = {
    "evidence_loss": "bce",
    "evidence_weight": 2.0,
    "focal_alpha": 0.75,
    "focal_gamma": 2.0,
    "pos_weight": 3.0,
}


def loss_batch():
    return {
        "labels": torch.tensor([0, 2]),
        "evidence_labels": torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]),
        "sentence_mask": torch.tensor([[True, True, False], [True, True, True]]),
    }


class LossTest(unittest.TestCase):
    def test_padded_slots_carry_no_loss_and_no_gradient(self):
        batch = loss_batch()
        label_logits = torch.randn(2, 3)
        for kind in ("bce", "focal", "weighted_bce"):
            settings = dict(SETTINGS, evidence_loss=kind)
            base = torch.randn(2, 3)
            losses = []
            for padded_value in (0.0, 50.0, -1e6, float("inf"), float("nan")):
                logits = base.clone()
                logits[0, 2] = padded_value
                logits.requires_grad_(True)
                total, _, evidence = M.compute_losses(label_logits, logits, batch, settings)
                total.backward()
                self.assertEqual(logits.grad[0, 2].item(), 0.0, kind)
                losses.append(evidence.item())
            self.assertEqual(len(set(losses)), 1, f"{kind}: {losses}")

    def test_the_evidence_loss_is_the_mean_over_real_sentences(self):
        batch = loss_batch()
        logits = torch.tensor([[2.0, -1.0, 9.0], [0.5, 0.5, -3.0]])
        real = torch.tensor([2.0, -1.0, 0.5, 0.5, -3.0])
        targets = torch.tensor([1.0, 0.0, 0.0, 1.0, 0.0])

        _, _, bce = M.compute_losses(torch.zeros(2, 3), logits, batch, SETTINGS)
        expected = F.binary_cross_entropy_with_logits(real, targets)

        self.assertAlmostEqual(bce.item(), expected.item(), places=6)

    def test_total_is_label_plus_weight_times_evidence(self):
        batch = loss_batch()
        logits = (torch.randn(2, 3), torch.randn(2, 3))
        total, label, evidence = M.compute_losses(*logits, batch, SETTINGS)
        self.assertAlmostEqual(total.item(), label.item() + 2.0 * evidence.item(), places=5)

    def test_focal_and_weighted_bce_follow_their_formulas(self):
        logits, targets = torch.tensor([1.5, -0.5]), torch.tensor([1.0, 0.0])
        bce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
        p = torch.sigmoid(logits)

        focal = M.evidence_loss_per_slot(logits, targets, "focal")
        expected = torch.stack([0.75 * (1 - p[0]) ** 2 * bce[0], 0.25 * p[1] ** 2 * bce[1]])
        self.assertLess((focal - expected).abs().max().item(), 1e-6)

        weighted = M.evidence_loss_per_slot(logits, targets, "weighted_bce")
        self.assertLess((weighted - bce * torch.tensor([3.0, 1.0])).abs().max().item(), 1e-6)

        with self.assertRaises(ValueError):
            M.evidence_loss_per_slot(logits, targets, "hinge")


if __name__ == "__main__":
    unittest.main()
