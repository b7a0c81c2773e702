"""A BERT encoder with SciFact's two heads, its losses, and Hugging Face checkpoint files.

torch only. The same code runs on Debian's torch 1.13 (manual attention) and on torch 2.x
(scaled_dot_product_attention). Parameter names under `bert.` are Hugging Face's, so a BERT
checkpoint loads by name and a model saved here loads in `transformers`' BertModel.
"""

import json
import math
import os
import struct

import torch
from torch import nn
from torch.nn import functional as F

# The label head's classes, in the order of VERDICTS in @scifact/data.
LABELS = ("SUPPORT", "CONTRADICT", "NOT_ENOUGH_INFO")
HAS_SDPA = hasattr(F, "scaled_dot_product_attention")

# A BERT's shape, named as in Hugging Face's config.json (BERT-base values).
BERT_DEFAULTS = {
    "vocab_size": 30522,
    "hidden_size": 768,
    "num_hidden_layers": 12,
    "num_attention_heads": 12,
    "intermediate_size": 3072,
    "max_position_embeddings": 512,
    "type_vocab_size": 2,
    "hidden_dropout_prob": 0.1,
    "attention_probs_dropout_prob": 0.1,
    "layer_norm_eps": 1e-12,
    "initializer_range": 0.02,
    "pad_token_id": 0,
}
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


class CheckpointError(Exception):
    """A checkpoint folder or file that cannot be read into this BERT; names the file."""


def bert_config_from(values):
    """BERT_DEFAULTS overridden by the known keys of `values` (e.g. a parsed config.json)."""
    act = values.get("hidden_act", "gelu")
    if act != "gelu":
        raise ValueError(f"hidden_act must be 'gelu' (BERT's exact GELU), got {act!r}")
    config = dict(BERT_DEFAULTS)
    for key in BERT_DEFAULTS:
        if values.get(key) is not None:
            config[key] = values[key]
    if config["hidden_size"] % config["num_attention_heads"] != 0:
        raise ValueError(
            f"hidden_size {config['hidden_size']} is not a multiple of "
            f"num_attention_heads {config['num_attention_heads']}"
        )
    return config


def dense_layer_norm(inputs, hidden, eps):
    """A Linear then a LayerNorm, under Hugging Face's names (dense, LayerNorm)."""
    return nn.ModuleDict(
        {"dense": nn.Linear(inputs, hidden), "LayerNorm": nn.LayerNorm(hidden, eps=eps)}
    )


class Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        hidden = c["hidden_size"]
        self.word_embeddings = nn.Embedding(c["vocab_size"], hidden, padding_idx=c["pad_token_id"])
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], hidden)
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, input_ids, token_type_ids):
        positions = torch.arange(input_ids.size(1), device=input_ids.device).unsqueeze(0)
        x = self.word_embeddings(input_ids)
        x = x + self.position_embeddings(positions) + self.token_type_embeddings(token_type_ids)
        return self.dropout(self.LayerNorm(x))


class Layer(nn.Module):
    """One post-LN transformer layer; the ModuleDicts reproduce Hugging Face's names."""

    def __init__(self, c):
        super().__init__()
        hidden, eps = c["hidden_size"], c["layer_norm_eps"]
        self.heads = c["num_attention_heads"]
        self.attention_dropout = c["attention_probs_dropout_prob"]
        self.use_sdpa = HAS_SDPA
        projections = {name: nn.Linear(hidden, hidden) for name in ("query", "key", "value")}
        self.attention = nn.ModuleDict(
            {"self": nn.ModuleDict(projections), "output": dense_layer_norm(hidden, hidden, eps)}
        )
        self.intermediate = nn.ModuleDict({"dense": nn.Linear(hidden, c["intermediate_size"])})
        self.output = dense_layer_norm(c["intermediate_size"], hidden, eps)
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def split_heads(self, x):
        return x.view(x.size(0), -1, self.heads, x.size(-1) // self.heads).transpose(1, 2)

    def attend(self, x, keep):
        projections = self.attention["self"]
        q = self.split_heads(projections["query"](x))
        k = self.split_heads(projections["key"](x))
        v = self.split_heads(projections["value"](x))
        dropout = self.attention_dropout if self.training else 0.0

        # Padded keys get the most negative value of the compute dtype (bf16 under autocast),
        # so softmax gives them no weight.
        bias = (1.0 - keep.to(q.dtype)) * torch.finfo(q.dtype).min

        if self.use_sdpa:
            context = F.scaled_dot_product_attention(q, k, v, attn_mask=bias, dropout_p=dropout)
        else:
            scores = q @ k.transpose(-1, -2) / math.sqrt(q.size(-1)) + bias
            probs = F.dropout(scores.softmax(dim=-1), p=dropout, training=self.training)
            context = probs @ v

        return context.transpose(1, 2).reshape(x.size(0), -1, x.size(-1))

    def forward(self, x, keep):
        out = self.attention["output"]
        x = out["LayerNorm"](x + self.dropout(out["dense"](self.attend(x, keep))))
        inner = F.gelu(self.intermediate["dense"](x))
        return self.output["LayerNorm"](x + self.dropout(self.output["dense"](inner)))


class Bert(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = Embeddings(c)
        layers = [Layer(c) for _ in range(c["num_hidden_layers"])]
        self.encoder = nn.ModuleDict({"layer": nn.ModuleList(layers)})

    def forward(self, input_ids, attention_mask, token_type_ids):
        x = self.embeddings(input_ids, token_type_ids)
        keep = attention_mask[:, None, None, :]
        for layer in self.encoder["layer"]:
            x = layer(x, keep)
        return x


FEATURE_PATH_SCALE = 20.0


def make_head(hidden, outputs, dropout=0.1):
    """The notebook's head: Linear, Tanh, Dropout 0.1, Linear."""
    return nn.Sequential(
        nn.Linear(hidden, hidden), nn.Tanh(), nn.Dropout(dropout), nn.Linear(hidden, outputs)
    )


class ClaimVerifier(nn.Module):
    """BERT with a label head on [CLS] and an evidence head on each sentence's closing [SEP].

    sep_token_id (when >= 0 and the BERT has two token types) marks segment B: every token
    after the first [SEP] gets token type 1, as BERT saw sentence pairs in pre-training.

    sentence_features (F > 0) adds a fourth input, float [batch, sentences, F] of features in
    [0, 1] (padded slots 0): the evidence head reads them beside each sentence's state, plus a
    linear path straight to the logit, and the label head reads their maximum over sentences.
    """

    def __init__(self, bert_config, sep_token_id=-1, sentence_features=0):
        super().__init__()
        self.bert_config = dict(bert_config)
        self.sep_token_id = sep_token_id
        self.sentence_features = sentence_features
        self.bert = Bert(bert_config)
        hidden = bert_config["hidden_size"]
        self.label_head = make_head(hidden + sentence_features, len(LABELS))
        self.evidence_head = make_head(hidden + sentence_features, 1)
        if sentence_features > 0:
            self.evidence_features = nn.Linear(sentence_features, 1)
        self.apply(lambda module: init_weights(module, bert_config["initializer_range"]))

    def token_types(self, input_ids):
        if self.sep_token_id < 0 or self.bert_config["type_vocab_size"] < 2:
            return torch.zeros_like(input_ids)
        return segment_b_after_first_sep(input_ids, self.sep_token_id)

    def forward(self, input_ids, attention_mask, sentence_positions, sentence_features=None):
        hidden = self.bert(input_ids, attention_mask, self.token_types(input_ids))
        index = sentence_positions.unsqueeze(-1).expand(-1, -1, hidden.size(-1))
        sentences = hidden.gather(1, index)
        cls = hidden[:, 0]
        if self.sentence_features == 0:
            evidence_logits = self.evidence_head(sentences).squeeze(-1)
            return self.label_head(cls), evidence_logits

        features = sentence_features.to(sentences.dtype)
        pooled = features.max(dim=1).values
        label_logits = self.label_head(torch.cat([cls, pooled], dim=-1))
        # Adam moves a weight by about lr a step, too slowly for a few scalar weights to
        # grow to the size a strong feature wants; the scale gives this path that reach.
        direct = FEATURE_PATH_SCALE * self.evidence_features(features)
        evidence = self.evidence_head(torch.cat([sentences, features], dim=-1)) + direct
        return label_logits, evidence.squeeze(-1)

    def set_attention(self, kind):
        """'sdpa' (torch 2.x) or 'manual'; both compute the same function."""
        for layer in self.bert.encoder["layer"]:
            layer.use_sdpa = kind == "sdpa" and HAS_SDPA


def segment_b_after_first_sep(input_ids, sep_token_id):
    """Token type 1 for every token after the first [SEP]: [CLS] claim [SEP] is segment A."""
    is_sep = (input_ids == sep_token_id).long()
    return ((is_sep.cumsum(1) - is_sep) > 0).long()


def init_weights(module, std):
    """BERT's initialisation: normal(0, std) weights, zero biases, unit LayerNorms."""
    if isinstance(module, (nn.Linear, nn.Embedding)):
        nn.init.normal_(module.weight, mean=0.0, std=std)
    if isinstance(module, nn.Linear) and module.bias is not None:
        nn.init.zeros_(module.bias)
    if isinstance(module, nn.Embedding) and module.padding_idx is not None:
        with torch.no_grad():
            module.weight[module.padding_idx].zero_()
    if isinstance(module, nn.LayerNorm):
        nn.init.ones_(module.weight)
        nn.init.zeros_(module.bias)


# ---------------------------------------------------------------------------------------------
# Losses


def evidence_loss_per_slot(
    logits, targets, kind, focal_alpha=0.75, focal_gamma=2.0, pos_weight=3.0
):
    """The evidence loss of every sentence slot, unreduced: 'bce', 'focal' or 'weighted_bce'."""
    if kind == "bce":
        return F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    if kind == "weighted_bce":
        weight = torch.tensor(pos_weight, dtype=logits.dtype, device=logits.device)
        return F.binary_cross_entropy_with_logits(
            logits, targets, pos_weight=weight, reduction="none"
        )
    if kind == "focal":
        bce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
        p = torch.sigmoid(logits)
        p_true = p * targets + (1 - p) * (1 - targets)
        alpha = focal_alpha * targets + (1 - focal_alpha) * (1 - targets)
        return alpha * (1 - p_true) ** focal_gamma * bce
    raise ValueError(f"evidence_loss must be one of bce, focal, weighted_bce; got {kind!r}")


def compute_losses(label_logits, evidence_logits, batch, settings):
    """(total, label, evidence) losses of a batch; padded sentence slots carry no loss.

    The evidence loss is the mean over the batch's real sentences. Padded slots are filled
    with a constant before the loss, so whatever the model put there (even inf or NaN)
    changes neither the loss nor any gradient.
    """
    label_loss = F.cross_entropy(label_logits.float(), batch["labels"])

    mask = batch["sentence_mask"]
    logits = evidence_logits.float().masked_fill(~mask, 0.0)
    per_slot = evidence_loss_per_slot(
        logits,
        batch["evidence_labels"],
        settings["evidence_loss"],
        settings["focal_alpha"],
        settings["focal_gamma"],
        settings["pos_weight"],
    ).masked_fill(~mask, 0.0)
    evidence_loss = per_slot.sum() / mask.sum().clamp(min=1)

    total = label_loss + settings["evidence_weight"] * evidence_loss
    return total, label_loss, evidence_loss


# ---------------------------------------------------------------------------------------------
# Checkpoint files: safetensors, pytorch_model.bin, config.json

SAFETENSORS_DTYPES = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}


def read_safetensors(path):
    """Tensors of a .safetensors file: a little-endian u64 header length, a JSON header
    {name: {dtype, shape, data_offsets}}, then the raw little-endian tensor bytes."""
    with open(path, "rb") as file:
        data = file.read()
    if len(data) < 8:
        raise CheckpointError(f"{path}: too short for a safetensors file ({len(data)} bytes)")

    (header_length,) = struct.unpack("<Q", data[:8])
    if 8 + header_length > len(data):
        raise CheckpointError(
            f"{path}: header length {header_length} runs past the end of the file "
            f"({len(data)} bytes); the file is truncated or not safetensors"
        )
    try:
        header = json.loads(data[8 : 8 + header_length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CheckpointError(f"{path}: header is not JSON ({error})") from error

    body = memoryview(data)[8 + header_length :]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = SAFETENSORS_DTYPES.get(entry.get("dtype"))
        if dtype is None:
            known = ", ".join(SAFETENSORS_DTYPES)
            raise CheckpointError(
                f"{path}: tensor {name} has dtype {entry.get('dtype')!r}; expected one of {known}"
            )
        begin, end = entry["data_offsets"]
        shape = entry["shape"]
        count = math.prod(shape)
        itemsize = torch.tensor([], dtype=dtype).element_size()
        if end > len(body) or end - begin != count * itemsize:
            raise CheckpointError(
                f"{path}: tensor {name} {shape} {entry['dtype']} needs bytes {begin}..{end} "
                f"of {len(body)}; the file is truncated or corrupt"
            )
        if count == 0:
            tensors[name] = torch.empty(shape, dtype=dtype)
            continue
        flat = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype)
        tensors[name] = flat.reshape(shape)
    return tensors


def write_safetensors(path, tensors, metadata=None):
    """Writes tensors in the safetensors layout that read_safetensors reads."""
    header, chunks, offset = {}, [], 0
    dtype_names = {dtype: name for name, dtype in SAFETENSORS_DTYPES.items()}
    for name in sorted(tensors):
        tensor = tensors[name].detach().cpu().contiguous()
        raw = tensor.reshape(-1).view(torch.uint8).numpy().tobytes() if tensor.numel() else b""
        header[name] = {
            "dtype": dtype_names[tensor.dtype],
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(raw)],
        }
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata

    # The format pads the header with spaces to a multiple of 8 bytes.
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(encoded)))
        file.write(encoded)
        for chunk in chunks:
            file.write(chunk)


def read_weights(path):
    """The state dict of a model.safetensors or pytorch_model.bin file."""
    if path.endswith(".safetensors"):
        return read_safetensors(path)
    try:
        state = torch.load(path, map_location="cpu", **weights_only_option())
    except Exception as error:
        raise CheckpointError(f"{path}: cannot read PyTorch weights ({error})") from error
    if isinstance(state, dict) and isinstance(state.get("state_dict"), dict):
        state = state["state_dict"]
    if not isinstance(state, dict):
        raise CheckpointError(f"{path}: expected a state dict, found {type(state).__name__}")
    return state


def weights_only_option():
    """weights_only=True where torch.load knows it: it loads tensors and refuses code."""
    import inspect

    known = inspect.signature(torch.load).parameters
    return {"weights_only": True} if "weights_only" in known else {}


def bert_names(state):
    """A checkpoint's BERT tensors under this model's names: without a `bert.` prefix, with
    TensorFlow-era LayerNorm gamma/beta renamed, and without pooler, MLM/NSP heads or buffers."""
    renamed = {}
    for name, tensor in state.items():
        key = name[len("bert.") :] if name.startswith("bert.") else name
        if key.startswith(("pooler.", "cls.")) or key.endswith("position_ids"):
            continue
        if "LayerNorm." in key:
            key = key.replace("LayerNorm.gamma", "LayerNorm.weight")
            key = key.replace("LayerNorm.beta", "LayerNorm.bias")
        renamed[key] = tensor
    return renamed


def load_bert_weights(model, state, source):
    """Copies a checkpoint's BERT tensors into model.bert; returns the names it ignored.

    Missing tensors and shape mismatches fail with the file and the keys, since a partly
    random encoder would train without complaint and quietly do worse.
    """
    loaded = bert_names(state)
    expected = model.bert.state_dict()
    missing = [key for key in expected if key not in loaded]
    mismatched = [
        f"{key} (checkpoint {list(loaded[key].shape)}, model {list(tensor.shape)})"
        for key, tensor in expected.items()
        if key in loaded and tuple(loaded[key].shape) != tuple(tensor.shape)
    ]
    if missing or mismatched:
        parts = []
        if missing:
            parts.append(f"missing {len(missing)} tensors: {', '.join(missing[:8])}")
        if mismatched:
            parts.append(f"mismatched shapes: {', '.join(mismatched[:8])}")
        raise CheckpointError(
            f"{source}: not a BERT checkpoint that fits its config.json; {'; '.join(parts)}"
        )

    model.bert.load_state_dict({key: loaded[key] for key in expected}, strict=True)
    return sorted(key for key in loaded if key not in expected)


def read_checkpoint_config(folder):
    """The BERT config of a checkpoint folder's config.json."""
    path = os.path.join(folder, "config.json")
    try:
        with open(path, encoding="utf-8") as file:
            values = json.load(file)
        return bert_config_from(values)
    except FileNotFoundError as error:
        message = f"{path}: not found; a checkpoint folder needs config.json"
        raise CheckpointError(message) from error
    except (json.JSONDecodeError, ValueError, TypeError) as error:
        raise CheckpointError(f"{path}: not a BERT config ({error})") from error


def weights_file_in(folder):
    for name in WEIGHT_FILES:
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise CheckpointError(f"{folder}: holds neither {' nor '.join(WEIGHT_FILES)}")


def load_checkpoint(folder, sep_token_id=-1, dropout=None, sentence_features=0):
    """A ClaimVerifier whose encoder comes from a Hugging Face BERT folder; heads are random.

    Returns (model, ignored tensor names).
    """
    config = read_checkpoint_config(folder)
    if dropout is not None:
        config["hidden_dropout_prob"] = config["attention_probs_dropout_prob"] = dropout
    model = ClaimVerifier(config, sep_token_id, sentence_features)
    path = weights_file_in(folder)
    ignored = load_bert_weights(model, read_weights(path), path)
    return model, ignored


def save_hf_checkpoint(model, folder):
    """Writes the encoder as a Hugging Face BERT folder (config.json + model.safetensors),
    which `transformers`' BertModel loads; the heads are not part of it."""
    os.makedirs(folder, exist_ok=True)
    config = dict(model.bert_config, model_type="bert", hidden_act="gelu")
    config["architectures"] = ["BertModel"]
    with open(os.path.join(folder, "config.json"), "w", encoding="utf-8") as file:
        json.dump(config, file, indent=2)
    state = {key: tensor for key, tensor in model.bert.state_dict().items()}
    write_safetensors(os.path.join(folder, "model.safetensors"), state, {"format": "pt"})
