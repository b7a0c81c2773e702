"""Fine-tunes a BERT claim verifier on encoded SciFact examples, then exports it to ONNX.

    /usr/bin/python3 trainer.py --config run.json [--key=value ...]

The TypeScript train CLI starts it (packages/train/src/trainer.ts); on a GPU host without
Node it runs by hand on an encoded.jsonl prepared elsewhere. It writes to out_dir:
model.onnx, parity.json (inputs with PyTorch's outputs, for the ONNX check), trainer_config.json
(the resolved config) and log.jsonl. Standard output carries the same JSONL log records as
log.jsonl; standard error carries people's lines.

Exit codes: 0 done; 2 a bad config, data file or checkpoint; 3 CUDA out of memory; 1 other.
"""

import contextlib
import inspect
import json
import math
import os
import sys
import time
import warnings

import torch

from model import (
    LABELS,
    CheckpointError,
    ClaimVerifier,
    bert_config_from,
    compute_losses,
    load_checkpoint,
    read_checkpoint_config,
)

# ---------------------------------------------------------------------------------------------
# Defaults. A JSON file (--config FILE) and then --key=value arguments override them; a key not
# listed here fails with its name. The resolved values are saved as trainer_config.json.
DEFAULTS = {
    # data in, results out
    "encoded": "",  # encoded.jsonl: {"id", "input_ids", "sentence_positions", ...} a line
    "out_dir": "",
    # encoder: "scratch" builds a random BERT of the shape below; anything else is a folder
    # with a Hugging Face config.json and model.safetensors or pytorch_model.bin
    "init_from": "scratch",
    "vocab_size": 30522,
    "hidden_size": 128,
    "num_layers": 2,
    "num_heads": 2,
    "intermediate_size": 512,
    "max_length": 512,  # position embeddings; also the longest example accepted
    "dropout": 0.1,
    "pad_token_id": 0,
    "sep_token_id": -1,  # -1: the token found at the examples' sentence positions
    # pretrained word vectors for a scratch encoder: a file of vocab_size x word_vector_dims
    # little-endian float32 rows, all zeros where a token has none; "": random embeddings
    "word_vectors": "",
    "word_vector_dims": 0,
    # features per sentence (the examples' "sentence_features"), a fourth model input; 0: none
    "sentence_features": 0,
    # losses: cross-entropy on the label + evidence_weight x the evidence loss
    "evidence_loss": "bce",  # bce | focal | weighted_bce
    "evidence_weight": 2.0,
    "focal_alpha": 0.75,
    "focal_gamma": 2.0,
    "pos_weight": 3.0,  # weighted_bce's weight on evidence sentences
    # optimisation: AdamW, linear warm-up then linear decay to 0, gradient clipping
    "epochs": 3,
    "batch_size": 8,
    "lr": 2e-5,
    "weight_decay": 0.01,
    "warmup_fraction": 0.1,
    "grad_clip": 1.0,
    "seed": 42,
    "bucket_batches": 50,  # batches per length bucket; a bucket is sorted by length inside
    # system
    "device": "auto",  # auto (cuda when available) | cpu | cuda
    "threads": 2,  # torch CPU threads; fixed, since CPU results depend on the split of work
    "log_interval": 10,  # steps between log records (step 1 and the last step always log)
    "parity_cases": 3,  # batches of 1, 2, 3... examples whose outputs go to parity.json
    "opset": 14,
    "export": True,
}
CHOICES = {"evidence_loss": ("bce", "focal", "weighted_bce"), "device": ("auto", "cpu", "cuda")}
INPUT_NAMES = ["input_ids", "attention_mask", "sentence_positions"]
FEATURES_INPUT = "sentence_features"
OUTPUT_NAMES = ["label_logits", "evidence_logits"]
EXIT_INPUT, EXIT_CUDA_OOM = 2, 3


class InputError(Exception):
    """A problem the user can fix: a config value, a data line, a checkpoint."""


# ---------------------------------------------------------------------------------------------
# Config


def parse_value(key, text):
    """A --key=value argument's value: JSON where it parses (numbers, true), else the text."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def check_value(key, value, defaults=None, choices=None):
    """value, checked against the type of its default (and its choices, where it has some)."""
    defaults = DEFAULTS if defaults is None else defaults
    choices = CHOICES if choices is None else choices
    if key not in defaults:
        raise InputError(f"unknown config key {key!r}; known keys: {', '.join(defaults)}")
    default = defaults[key]
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    else:
        ok = isinstance(value, str)
    if not ok:
        expected = type(default).__name__
        raise InputError(f"config key {key!r} expects {expected}, got {value!r}")
    if key in choices and value not in choices[key]:
        allowed = ", ".join(choices[key])
        raise InputError(f"config key {key!r} must be one of {allowed}; got {value!r}")
    return value


def read_config(argv, defaults, choices):
    """defaults, overridden by --config FILE, then by --key=value (or --key value) arguments."""
    config = dict(defaults)
    overrides, index = [], 0
    while index < len(argv):
        arg = argv[index]
        if not arg.startswith("--"):
            raise InputError(f"unexpected argument {arg!r}; expected --config FILE or --key=value")
        if "=" in arg:
            key, text = arg[2:].split("=", 1)
            index += 1
        elif index + 1 < len(argv):
            key, text = arg[2:], argv[index + 1]
            index += 2
        else:
            raise InputError(f"{arg} needs a value")
        overrides.append((key.replace("-", "_"), text))

    for key, text in overrides:
        if key != "config":
            continue
        try:
            with open(text, encoding="utf-8") as file:
                values = json.load(file)
        except (OSError, json.JSONDecodeError) as error:
            raise InputError(f"cannot read config {text}: {error}") from error
        for name, value in values.items():
            config[name] = check_value(name, value, defaults, choices)

    for key, text in overrides:
        if key != "config":
            config[key] = check_value(key, parse_value(key, text), defaults, choices)
    return config


def resolve_config(argv):
    """DEFAULTS, overridden by --config FILE, then by --key=value (or --key value) arguments."""
    config = read_config(argv, DEFAULTS, CHOICES)

    for key in ("encoded", "out_dir"):
        if not config[key]:
            raise InputError(f"config key {key!r} is required")
    for key in ("epochs", "batch_size", "threads", "log_interval", "bucket_batches", "num_layers"):
        if config[key] < 1:
            raise InputError(f"config key {key!r} must be at least 1; got {config[key]}")
    if config["sentence_features"] < 0:
        count = config["sentence_features"]
        raise InputError(f"config key 'sentence_features' must be 0 or more; got {count}")
    if config["lr"] <= 0:
        raise InputError(f"config key 'lr' must be positive; got {config['lr']}")
    return config


# ---------------------------------------------------------------------------------------------
# Data


def check_example(record, vocab_size, max_length, feature_count=0):
    """Why an encoded example cannot be used, or None."""
    ids, positions = record.get("input_ids"), record.get("sentence_positions")
    labels = record.get("evidence_labels")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, int) for i in ids):
        return "input_ids must be a non-empty list of integers"
    if len(ids) > max_length:
        return f"has {len(ids)} tokens; the encoder takes at most {max_length}"
    if min(ids) < 0 or max(ids) >= vocab_size:
        return f"token ids must lie in 0..{vocab_size - 1} (the vocabulary); found {max(ids)}"
    if not isinstance(positions, list) or not all(isinstance(p, int) for p in positions):
        return "sentence_positions must be a list of integers"
    if any(p < 1 or p >= len(ids) for p in positions):
        return f"sentence_positions must lie in 1..{len(ids) - 1}; got {positions}"
    if not isinstance(labels, list) or len(labels) != len(positions):
        count = len(labels) if isinstance(labels, list) else labels
        return f"has {len(positions)} sentence positions but evidence_labels {count}"
    if any(label not in (0, 1) for label in labels):
        return "evidence_labels must be 0 or 1"
    if record.get("label") not in (0, 1, 2):
        return f"label must be 0, 1 or 2 ({', '.join(LABELS)}); got {record.get('label')!r}"
    if feature_count > 0:
        return check_features(record.get("sentence_features"), len(positions), feature_count)
    return None


def check_features(rows, sentences, feature_count):
    """Why an example's sentence_features do not fit the config, or None."""
    expected = f"{sentences} rows of {feature_count} numbers (config sentence_features)"
    if not isinstance(rows, list) or len(rows) != sentences:
        found = f"{len(rows)} rows" if isinstance(rows, list) else repr(rows)
        return f"sentence_features must be {expected}; got {found}"
    for row in rows:
        if not isinstance(row, list) or len(row) != feature_count:
            return f"sentence_features must be {expected}; found the row {row!r}"
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in row):
            return f"sentence_features must hold numbers; found the row {row!r}"
    return None


def read_examples(path, vocab_size, max_length, feature_count=0):
    """The examples of encoded.jsonl; a bad line fails with the file, line and example id."""
    examples = []
    try:
        file = open(path, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read encoded examples: {error}") from error
    with file:
        for number, text in enumerate(file, start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as error:
                raise InputError(f"{path}:{number}: not valid JSON ({error})") from error
            problem = check_example(record, vocab_size, max_length, feature_count)
            if problem:
                raise InputError(f"{path}:{number}: example {record.get('id')!r} {problem}")
            examples.append(record)
    if not examples:
        raise InputError(f"{path}: holds no examples")
    return examples


def find_sep_token(examples):
    """The token at sentence positions (the [SEP] that closes each sentence), or -1."""
    counts = {}
    for example in examples:
        for position in example["sentence_positions"]:
            token = example["input_ids"][position]
            counts[token] = counts.get(token, 0) + 1
    return max(counts, key=counts.get) if counts else -1


def make_batches(lengths, batch_size, bucket_batches, generator):
    """Batches of example indices with similar lengths, in a seeded random order.

    The examples are shuffled, cut into buckets of bucket_batches batches, each bucket is
    sorted by length (stable, so ties keep the shuffled order) and cut into batches; then
    the batches are shuffled. Padding stays small while every epoch sees a new order.
    """
    order = torch.randperm(len(lengths), generator=generator).tolist()
    bucket_size = batch_size * bucket_batches
    batches = []
    for start in range(0, len(order), bucket_size):
        bucket = sorted(order[start : start + bucket_size], key=lambda i: lengths[i])
        batches += [bucket[i : i + batch_size] for i in range(0, len(bucket), batch_size)]
    shuffled = torch.randperm(len(batches), generator=generator).tolist()
    return [batches[i] for i in shuffled]


def collate(examples, pad_token_id, feature_count=0):
    """Tensors for a batch, padded to its own longest member and its most sentences."""
    length = max(len(e["input_ids"]) for e in examples)
    sentences = max(max(len(e["sentence_positions"]) for e in examples), 1)
    batch_size = len(examples)

    input_ids = torch.full((batch_size, length), pad_token_id, dtype=torch.long)
    attention_mask = torch.zeros((batch_size, length), dtype=torch.long)
    positions = torch.zeros((batch_size, sentences), dtype=torch.long)
    evidence = torch.zeros((batch_size, sentences), dtype=torch.float)
    sentence_mask = torch.zeros((batch_size, sentences), dtype=torch.bool)
    features = torch.zeros((batch_size, sentences, feature_count), dtype=torch.float)
    for row, example in enumerate(examples):
        ids, sentence_positions = example["input_ids"], example["sentence_positions"]
        input_ids[row, : len(ids)] = torch.tensor(ids)
        attention_mask[row, : len(ids)] = 1
        if sentence_positions:
            count = len(sentence_positions)
            positions[row, :count] = torch.tensor(sentence_positions)
            evidence[row, :count] = torch.tensor(example["evidence_labels"], dtype=torch.float)
            sentence_mask[row, :count] = True
            if feature_count > 0:
                features[row, :count] = torch.tensor(example["sentence_features"])

    batch = {
        "input_ids": input_ids,
        "attention_mask": attention_mask,
        "sentence_positions": positions,
        "evidence_labels": evidence,
        "sentence_mask": sentence_mask,
        "labels": torch.tensor([e["label"] for e in examples], dtype=torch.long),
    }
    if feature_count > 0:
        batch[FEATURES_INPUT] = features
    return batch


# ---------------------------------------------------------------------------------------------
# Model, optimiser, schedule


def bert_config_for(config):
    """The encoder's shape: from the checkpoint's config.json, or from the config keys."""
    if config["init_from"] != "scratch":
        return read_checkpoint_config(config["init_from"])
    return scratch_bert_config(config)


def scratch_bert_config(config):
    """A random BERT's shape from the config keys; pretrain.py builds its encoder with it."""
    try:
        return bert_config_from(
            {
                "vocab_size": config["vocab_size"],
                "hidden_size": config["hidden_size"],
                "num_hidden_layers": config["num_layers"],
                "num_attention_heads": config["num_heads"],
                "intermediate_size": config["intermediate_size"],
                "max_position_embeddings": config["max_length"],
                "hidden_dropout_prob": config["dropout"],
                "attention_probs_dropout_prob": config["dropout"],
                "pad_token_id": config["pad_token_id"],
            }
        )
    except ValueError as error:
        raise InputError(f"config: {error}") from error


def build_model(config, bert_config):
    features = config["sentence_features"]
    if config["init_from"] == "scratch":
        model = ClaimVerifier(bert_config, config["sep_token_id"], features)
        if config["word_vectors"]:
            start_from_word_vectors(model, config["word_vectors"], config["word_vector_dims"])
        return model
    if config["word_vectors"]:
        raise InputError("word_vectors start a scratch encoder; a checkpoint has its own")
    model, ignored = load_checkpoint(
        config["init_from"], config["sep_token_id"], sentence_features=features
    )
    if ignored:
        say(f"checkpoint: ignored {len(ignored)} tensors that are not BERT's ({ignored[0]}, ...)")
    return model


def read_word_vectors(path, rows, dims):
    """The rows x dims float32 matrix of a word-vector file, checked against its size."""
    try:
        with open(path, "rb") as file:
            data = bytearray(file.read())
    except OSError as error:
        raise InputError(f"cannot read word vectors {path}: {error}") from error
    if dims < 1 or len(data) != rows * dims * 4:
        raise InputError(
            f"{path}: expected {rows} x {dims} float32 values ({rows * dims * 4} bytes), "
            f"found {len(data)} bytes"
        )
    matrix = torch.frombuffer(data, dtype=torch.float32).reshape(rows, dims)
    if sys.byteorder != "little":
        matrix = matrix.byteswap()
    return matrix


def start_from_word_vectors(model, path, dims):
    """Copies pretrained vectors into the first dims of each word embedding that has one.

    The vectors are rescaled as a whole, so their typical entry matches the random rows'
    initialiser: the embeddings' LayerNorm then weighs words against positions as it would in
    a random start, and only the directions between words are new. Tokens without a vector
    (pieces, special tokens, rare words) keep their random start.
    """
    embedding = model.bert.embeddings.word_embeddings.weight
    rows, hidden = embedding.shape
    if dims > hidden:
        raise InputError(f"word vectors have {dims} dimensions, more than hidden_size {hidden}")
    vectors = read_word_vectors(path, rows, dims)
    found = vectors.abs().sum(dim=1) > 0
    if not found.any():
        raise InputError(f"{path}: every row is zero; no token has a vector")

    scale = model.bert_config["initializer_range"] / vectors[found].pow(2).mean().sqrt()
    with torch.no_grad():
        embedding[found, :dims] = vectors[found] * scale
    say(f"word vectors: {int(found.sum())} of {rows} tokens start from {path}")


def make_optimizer(model, config, device):
    """AdamW; matrices and embeddings decay, biases and LayerNorms do not. Fused on CUDA,
    multi-tensor (foreach) elsewhere: one kernel per step and state, not one per tensor."""
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [
        {"params": [p for p in params if p.dim() >= 2], "weight_decay": config["weight_decay"]},
        {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
    ]
    known = inspect.signature(torch.optim.AdamW).parameters
    extra = {}
    if device.type == "cuda" and "fused" in known:
        extra["fused"] = True
    elif "foreach" in known:
        extra["foreach"] = True
    return torch.optim.AdamW(groups, lr=config["lr"], **extra)


def lr_factor(step, total_steps, warmup_steps):
    """Linear warm-up over warmup_steps, then linear decay to 0 at total_steps (step from 0)."""
    if step < warmup_steps:
        return (step + 1) / warmup_steps
    return max(0.0, (total_steps - step) / max(1, total_steps - warmup_steps))


def prepare_device(config):
    """Seeds torch, fixes its threads and returns the device, set up for repeatable CPU runs
    or for fast CUDA ones (TF32 matmuls)."""
    torch.manual_seed(config["seed"])
    torch.set_num_threads(config["threads"])
    device = pick_device(config["device"])
    if device.type == "cpu":
        # Repeatable CPU runs; warn_only keeps an op without a deterministic kernel usable.
        torch.use_deterministic_algorithms(True, warn_only=True)
        warn_about_reference_blas(blas_library())
    else:
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    return device


def uses_bf16(device):
    return device.type == "cuda" and torch.cuda.is_bf16_supported()


def precision_context(device):
    """bf16 autocast where the device has it (CUDA), plain fp32 elsewhere."""
    if uses_bf16(device):
        return lambda: torch.autocast(device_type="cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext


def pick_device(requested):
    if requested == "cpu":
        return torch.device("cpu")
    if torch.cuda.is_available():
        return torch.device("cuda")
    if requested == "cuda":
        raise InputError(
            f"device 'cuda' was asked for, but torch {torch.__version__} sees no CUDA device "
            f"(built with CUDA {torch.version.cuda or 'none'}); use device 'cpu' or 'auto'"
        )
    return torch.device("cpu")


# ---------------------------------------------------------------------------------------------
# Log


def say(line):
    print(line, file=sys.stderr, flush=True)


class Log:
    """JSONL records to standard output and to out_dir/log.jsonl."""

    def __init__(self, path):
        self.file = open(path, "w", encoding="utf-8")

    def write(self, record):
        line = json.dumps(record)
        print(line, flush=True)
        self.file.write(line + "\n")
        self.file.flush()

    def close(self):
        self.file.close()


# ---------------------------------------------------------------------------------------------
# Training


def train(model, examples, config, device, log):
    """Runs the epochs; returns the summary record."""
    generator = torch.Generator().manual_seed(config["seed"])
    lengths = [len(e["input_ids"]) for e in examples]
    batch_size = config["batch_size"]
    steps_per_epoch = math.ceil(len(examples) / batch_size)
    total_steps = steps_per_epoch * config["epochs"]
    warmup_steps = max(1, int(config["warmup_fraction"] * total_steps))
    optimizer = make_optimizer(model, config, device)
    use_bf16 = uses_bf16(device)
    autocast = precision_context(device)
    parameters = sum(p.numel() for p in model.parameters())
    log.write(
        {
            "event": "start",
            "examples": len(examples),
            "epochs": config["epochs"],
            "batch_size": batch_size,
            "steps": total_steps,
            "parameters": parameters,
            "device": device_name(device),
            "dtype": "bf16" if use_bf16 else "fp32",
            "attention": "sdpa" if model.bert.encoder["layer"][0].use_sdpa else "manual",
            "torch": torch.__version__,
            "blas": blas_library(),
        }
    )

    model.train()
    step, first_loss = 0, None
    started = time.perf_counter()
    interval = {"start": started, "examples": 0, "tokens": 0, "steps": 0, "sums": None}
    for epoch in range(1, config["epochs"] + 1):
        epoch_sum, epoch_steps = torch.zeros(3, device=device), 0
        for indices in make_batches(lengths, batch_size, config["bucket_batches"], generator):
            batch = collate(
                [examples[i] for i in indices], config["pad_token_id"], config["sentence_features"]
            )
            batch = {key: tensor.to(device, non_blocking=True) for key, tensor in batch.items()}
            factor = lr_factor(step, total_steps, warmup_steps)
            for group in optimizer.param_groups:
                group["lr"] = config["lr"] * factor

            with autocast():
                label_logits, evidence_logits = model(*model_inputs(batch))
            losses = compute_losses(label_logits, evidence_logits, batch, config)
            optimizer.zero_grad(set_to_none=True)
            losses[0].backward()
            if config["grad_clip"] > 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), config["grad_clip"])
            optimizer.step()
            step += 1

            # Sums stay on the device, so a GPU step never waits for .item().
            parts = torch.stack([loss.detach() for loss in losses])
            epoch_sum += parts
            epoch_steps += 1
            interval["sums"] = parts if interval["sums"] is None else interval["sums"] + parts
            interval["steps"] += 1
            interval["examples"] += len(indices)
            interval["tokens"] += sum(lengths[i] for i in indices)
            if step == 1 or step % config["log_interval"] == 0 or step == total_steps:
                record = step_record(step, epoch, config["lr"] * factor, interval)
                first_loss = record["loss"] if first_loss is None else first_loss
                log.write(record)
                say(
                    f"step {step:>6}/{total_steps} | epoch {epoch} | loss {record['loss']:.4f} "
                    f"(label {record['label_loss']:.4f}, evidence {record['evidence_loss']:.4f})"
                    f" | lr {record['lr']:.2e} | {record['examples_per_s']:.1f} examples/s"
                )
                interval = {"start": time.perf_counter(), "examples": 0, "tokens": 0}
                interval.update({"steps": 0, "sums": None})

        means = (epoch_sum / max(1, epoch_steps)).tolist()
        log.write({"event": "epoch", "epoch": epoch, "loss": means[0], "label_loss": means[1]})

    seconds = time.perf_counter() - started
    tokens = sum(lengths) * config["epochs"]
    return {
        "event": "summary",
        "steps": total_steps,
        "epochs": config["epochs"],
        "examples": len(examples),
        "first_loss": first_loss,
        "last_epoch_loss": means[0],
        "seconds": round(seconds, 3),
        "examples_per_s": round(len(examples) * config["epochs"] / seconds, 2),
        "tokens_per_s": round(tokens / seconds, 1),
        "parameters": parameters,
        "device": device_name(device),
        "torch": torch.__version__,
    }


def step_record(step, epoch, lr, interval):
    if interval["sums"] is None:
        raise RuntimeError("a log interval without steps")
    total, label, evidence = (interval["sums"] / interval["steps"]).tolist()
    seconds = max(time.perf_counter() - interval["start"], 1e-9)
    return {
        "event": "step",
        "step": step,
        "epoch": epoch,
        "loss": total,
        "label_loss": label,
        "evidence_loss": evidence,
        "lr": lr,
        "examples_per_s": round(interval["examples"] / seconds, 2),
        "tokens_per_s": round(interval["tokens"] / seconds, 1),
    }


def blas_library():
    """The BLAS library this process loaded (from /proc/self/maps), or "unknown"."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.split()[-1].lower()}
    except OSError:
        return "unknown"
    return sorted(paths)[0] if paths else "unknown"


def warn_about_reference_blas(blas):
    # Debian's python3-torch multiplies matrices through libblas.so.3, which is the reference
    # BLAS unless an optimised one is installed: CPU training is then about 10x slower.
    if "openblas" in blas or "mkl" in blas or "blis" in blas or blas == "unknown":
        return
    say(
        f"warning: torch multiplies matrices with the reference BLAS ({blas}), about 10x "
        "slower than OpenBLAS; `apt-get install -y libopenblas0-pthread` makes Debian's "
        "libblas.so.3 OpenBLAS"
    )


def device_name(device):
    if device.type == "cuda":
        return f"cuda:{torch.cuda.get_device_name(device)}"
    return "cpu"


# ---------------------------------------------------------------------------------------------
# Export and parity


def parity_batches(examples, count):
    """Batches of 1, 2, ... count examples, from short to long, so that the ONNX check covers
    several batch sizes, lengths, sentence counts and padding."""
    by_length = sorted(range(len(examples)), key=lambda i: (len(examples[i]["input_ids"]), i))
    batches = []
    for size in range(1, count + 1):
        # Spread the picks over the length range; the last batch holds the longest example.
        centre = round((len(by_length) - 1) * size / count)
        start = max(0, min(centre - size + 1, len(by_length) - size))
        batches.append([examples[i] for i in by_length[start : start + size]])
    return [batch for batch in batches if batch]


def input_names(feature_count):
    """The ONNX inputs: the three of every model, and sentence_features where it has them."""
    return INPUT_NAMES + ([FEATURES_INPUT] if feature_count > 0 else [])


def model_inputs(batch):
    inputs = (batch["input_ids"], batch["attention_mask"], batch["sentence_positions"])
    return inputs + ((batch[FEATURES_INPUT],) if FEATURES_INPUT in batch else ())


def write_parity(model, examples, config, path):
    """parity.json: inputs the export did not trace with, and PyTorch's outputs (eval, fp32)."""
    cases = []
    with torch.no_grad():
        for batch_examples in parity_batches(examples, config["parity_cases"]):
            batch = collate(batch_examples, config["pad_token_id"], config["sentence_features"])
            label_logits, evidence_logits = model(*model_inputs(batch))
            names = input_names(config["sentence_features"])
            inputs = {name: batch[name].tolist() for name in names}
            outputs = {
                "label_logits": label_logits.tolist(),
                "evidence_logits": evidence_logits.tolist(),
            }
            ids = [example["id"] for example in batch_examples]
            cases.append({"ids": ids, "inputs": inputs, "outputs": outputs})
    with open(path, "w", encoding="utf-8") as file:
        json.dump({"tolerance": 1e-4, "cases": cases}, file)
    return len(cases)


def export_onnx(model, config, path):
    """model.onnx with dynamic batch, length and sentence axes, traced in fp32 on CPU.

    The trace uses the manual attention, so the graph is the same on torch 1.13 and 2.x and
    needs no opset for scaled_dot_product_attention.
    """
    generator = torch.Generator().manual_seed(0)
    vocab = model.bert_config["vocab_size"]
    input_ids = torch.randint(1, vocab, (2, 9), generator=generator)
    attention_mask = torch.ones_like(input_ids)
    attention_mask[1, 6:] = 0
    positions = torch.tensor([[3, 8], [5, 0]])
    inputs = (input_ids, attention_mask, positions)
    feature_count = model.sentence_features
    if feature_count > 0:
        inputs += (torch.rand((2, 2, feature_count), generator=generator),)
    options = {
        "input_names": input_names(feature_count),
        "output_names": OUTPUT_NAMES,
        "dynamic_axes": {
            "input_ids": {0: "batch", 1: "length"},
            "attention_mask": {0: "batch", 1: "length"},
            "sentence_positions": {0: "batch", 1: "sentences"},
            FEATURES_INPUT: {0: "batch", 1: "sentences"},
            "label_logits": {0: "batch"},
            "evidence_logits": {0: "batch", 1: "sentences"},
        },
        "opset_version": config["opset"],
        "do_constant_folding": True,
    }
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        options["dynamo"] = False

    if feature_count == 0:
        del options["dynamic_axes"][FEATURES_INPUT]
    model.set_attention("manual")
    try:
        with torch.no_grad(), warnings.catch_warnings():
            # The tracer warns about Python ints taken from shapes; head sizes are constants.
            warnings.simplefilter("ignore")
            try:
                torch.onnx.export(model, inputs, path, **options)
            except Exception as traced_error:
                if options.get("dynamo") is not False:
                    raise
                # A torch whose TorchScript exporter is gone exports through dynamo, which
                # needs opset 18. This path has not run yet: torch 1.13 traces, and no
                # torch 2.x host was at hand when it was written.
                say(f"warning: traced ONNX export failed ({traced_error}); trying dynamo")
                options.update(dynamo=True, opset_version=max(18, options["opset_version"]))
                torch.onnx.export(model, inputs, path, **options)
    finally:
        model.set_attention("sdpa")


# ---------------------------------------------------------------------------------------------
# Main


def is_cuda_oom(error):
    oom_type = getattr(torch.cuda, "OutOfMemoryError", None)
    if oom_type is not None and isinstance(error, oom_type):
        return True
    return isinstance(error, RuntimeError) and "CUDA out of memory" in str(error)


def report_cuda_oom(config, log):
    batch_size = config["batch_size"]
    smaller = max(1, batch_size // 2)
    if batch_size > 1:
        advice = f"try batch size {smaller} (--batch-size {smaller})"
    else:
        advice = "batch size is already 1: try a shorter max_length or a GPU with more memory"
    message = f"CUDA ran out of memory while training with batch size {batch_size}; {advice}"
    record = {"event": "error", "kind": "cuda_oom", "message": message, "batch_size": batch_size}
    record["suggested_batch_size"] = smaller
    if log is not None:
        log.write(record)
    say(f"error: {message}")


def run(config, log):
    """Trains, exports and writes parity.json and trainer_config.json; returns the summary."""
    device = prepare_device(config)

    bert_config = bert_config_for(config)
    examples = read_examples(
        config["encoded"],
        bert_config["vocab_size"],
        bert_config["max_position_embeddings"],
        config["sentence_features"],
    )
    if config["sep_token_id"] < 0:
        config["sep_token_id"] = find_sep_token(examples)
    model = build_model(config, bert_config).to(device)
    summary = train(model, examples, config, device, log)
    log.write(summary)

    out_dir = config["out_dir"]
    model = model.to("cpu").float().eval()
    saved = {"config": config, "bert": model.bert_config, "labels": list(LABELS)}
    saved.update({"torch": torch.__version__, "device": summary["device"]})
    with open(os.path.join(out_dir, "trainer_config.json"), "w", encoding="utf-8") as file:
        json.dump(saved, file, indent=2)
    if config["export"]:
        started = time.perf_counter()
        export_onnx(model, config, os.path.join(out_dir, "model.onnx"))
        cases = write_parity(model, examples, config, os.path.join(out_dir, "parity.json"))
        seconds = round(time.perf_counter() - started, 3)
        log.write(
            {"event": "export", "file": "model.onnx", "parity_cases": cases, "seconds": seconds}
        )
    return summary


def main(argv, resolve=None, run_config=None):
    """Resolves the config, runs, and turns failures into exit codes and log records.

    pretrain.py runs through here too, with its own config and run.
    """
    resolve = resolve or resolve_config
    run_config = run_config or run
    try:
        config = resolve(argv)
    except InputError as error:
        say(f"error: {error}")
        return EXIT_INPUT

    os.makedirs(config["out_dir"], exist_ok=True)
    log = Log(os.path.join(config["out_dir"], "log.jsonl"))
    try:
        run_config(config, log)
        return 0
    except (InputError, CheckpointError) as error:
        say(f"error: {error}")
        log.write({"event": "error", "kind": "input", "message": str(error)})
        return EXIT_INPUT
    except Exception as error:
        if not is_cuda_oom(error):
            raise
        report_cuda_oom(config, log)
        return EXIT_CUDA_OOM
    finally:
        log.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
