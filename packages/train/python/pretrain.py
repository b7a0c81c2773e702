"""Masked-language-model pretraining of a scratch BERT on the SciFact corpus.

    /usr/bin/python3 pretrain.py --config run.json [--key=value ...]

Domain-adaptive pretraining at small scale, the idea behind SciBERT: before the compact
encoder is fine-tuned to verify claims, it learns to fill in masked words of the corpus
abstracts. The TypeScript pretrain CLI (packages/train/src/pretrain.ts) prepares the
sequences and starts it. It writes a Hugging Face BERT folder to out_dir (config.json,
model.safetensors), which the trainer then fine-tunes like any checkpoint, and log.jsonl.
Standard output carries the JSONL log records; standard error carries people's lines.

Exit codes, as the trainer's: 0 done; 2 a bad config or data file; 3 CUDA out of memory; 1 other.
"""

import json
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

import trainer
from model import Bert, init_weights, save_hf_checkpoint
from model import segment_b_after_first_sep
from trainer import (
    InputError,
    device_name,
    lr_factor,
    make_batches,
    make_optimizer,
    precision_context,
    prepare_device,
    uses_bf16,
    read_config,
    say,
    scratch_bert_config,
    start_from_word_vectors,
)

DEFAULTS = {
    "sequences": "",  # sequences.jsonl: {"input_ids": [CLS] title [SEP] s1 [SEP] ...} a line
    "out_dir": "",
    "vocab_size": 16000,
    "hidden_size": 128,
    "num_layers": 2,
    "num_heads": 2,
    "intermediate_size": 512,
    "max_length": 512,  # position embeddings, as in fine-tuning
    "dropout": 0.1,
    "pad_token_id": 0,
    "cls_token_id": 2,
    "sep_token_id": 3,
    "mask_token_id": 4,
    "first_word_id": 5,  # ids below are special tokens: never masked, never a random swap
    "mask_probability": 0.15,  # of each sequence's word tokens; 80% [MASK], 10% random, 10% kept
    "word_vectors": "",  # as in the trainer: rows to start the word embeddings from
    "word_vector_dims": 0,
    "epochs": 4,
    "batch_size": 32,
    "lr": 1e-3,
    "weight_decay": 0.01,
    "warmup_fraction": 0.06,
    "grad_clip": 1.0,
    "seed": 42,
    "bucket_batches": 50,
    "device": "auto",
    "threads": 2,
    "log_interval": 20,
}
CHOICES = {"device": ("auto", "cpu", "cuda")}


class MaskedLanguageModel(nn.Module):
    """BERT with BERT's MLM head: dense, GELU, LayerNorm, then the word embeddings, tied.

    Token types follow the claim verifier's rule (segment B after the first [SEP]), so the
    pretrained encoder sees inputs shaped as fine-tuning will give them.
    """

    def __init__(self, bert_config, sep_token_id):
        super().__init__()
        self.bert_config = dict(bert_config)
        self.sep_token_id = sep_token_id
        self.bert = Bert(bert_config)
        hidden = bert_config["hidden_size"]
        self.transform = nn.Linear(hidden, hidden)
        self.transform_norm = nn.LayerNorm(hidden, eps=bert_config["layer_norm_eps"])
        self.decoder_bias = nn.Parameter(torch.zeros(bert_config["vocab_size"]))
        self.apply(lambda module: init_weights(module, bert_config["initializer_range"]))

    def forward(self, input_ids, attention_mask, masked):
        """Logits over the vocabulary at the masked positions only: [masked tokens, vocab]."""
        token_types = segment_b_after_first_sep(input_ids, self.sep_token_id)
        hidden = self.bert(input_ids, attention_mask, token_types)[masked]
        hidden = self.transform_norm(F.gelu(self.transform(hidden)))
        return hidden @ self.bert.embeddings.word_embeddings.weight.t() + self.decoder_bias


def resolve_config(argv):
    config = read_config(argv, DEFAULTS, CHOICES)
    for key in ("sequences", "out_dir"):
        if not config[key]:
            raise InputError(f"config key {key!r} is required")
    for key in ("epochs", "batch_size", "threads", "log_interval", "num_layers"):
        if config[key] < 1:
            raise InputError(f"config key {key!r} must be at least 1; got {config[key]}")
    if not 0 < config["mask_probability"] < 1:
        value = config["mask_probability"]
        raise InputError(f"config key 'mask_probability' must be in (0, 1); got {value}")
    return config


def read_sequences(path, vocab_size, max_length):
    """The token id lists of sequences.jsonl, each checked; errors name the file and line."""
    sequences = []
    try:
        with open(path, encoding="utf-8") as file:
            for number, line in enumerate(file, 1):
                if not line.strip():
                    continue
                try:
                    ids = json.loads(line)["input_ids"]
                except (json.JSONDecodeError, KeyError, TypeError) as error:
                    message = f'{path}:{number}: expected {{"input_ids": [...]}}'
                    raise InputError(message) from error
                ok = isinstance(ids, list) and 2 <= len(ids) <= max_length
                if not ok or not all(isinstance(i, int) and 0 <= i < vocab_size for i in ids):
                    raise InputError(
                        f"{path}:{number}: input_ids must be 2 to {max_length} ids in "
                        f"[0, {vocab_size})"
                    )
                sequences.append(ids)
    except OSError as error:
        raise InputError(f"cannot read sequences {path}: {error}") from error
    if not sequences:
        raise InputError(f"{path}: no sequences")
    return sequences


def collate(sequences, pad_token_id):
    longest = max(len(s) for s in sequences)
    input_ids = torch.full((len(sequences), longest), pad_token_id, dtype=torch.long)
    for row, ids in enumerate(sequences):
        input_ids[row, : len(ids)] = torch.tensor(ids)
    lengths = torch.tensor([len(s) for s in sequences])
    attention_mask = torch.arange(longest)[None, :] < lengths[:, None]
    return input_ids, attention_mask.long()


def mask_tokens(input_ids, attention_mask, config, generator):
    """BERT's masking: a share of word tokens is chosen (at least one per sequence); of those,
    80% become [MASK], 10% a random word and 10% stay. Returns (inputs, chosen, targets)."""
    words = (input_ids >= config["first_word_id"]) & attention_mask.bool()
    draw = torch.rand(input_ids.shape, generator=generator)
    chosen = words & (draw < config["mask_probability"])
    # A sequence that drew no token still teaches something: take its first word.
    empty = ~chosen.any(dim=1) & words.any(dim=1)
    first_word = words.long().argmax(dim=1)
    chosen[empty, first_word[empty]] = True

    targets = input_ids[chosen]
    inputs = input_ids.clone()
    kind = torch.rand(input_ids.shape, generator=generator)
    to_mask = chosen & (kind < 0.8)
    to_random = chosen & (kind >= 0.8) & (kind < 0.9)
    inputs[to_mask] = config["mask_token_id"]
    random_ids = torch.randint(
        config["first_word_id"], config["vocab_size"], input_ids.shape, generator=generator
    )
    inputs[to_random] = random_ids[to_random]
    return inputs, chosen, targets


class Tally:
    """Masked-word loss and right guesses over some steps. The sums stay on the device, so a
    GPU step never waits to hand them over; they are read only when logged."""

    def __init__(self):
        self.start = time.perf_counter()
        self.loss, self.right = 0.0, 0
        self.masked, self.steps, self.tokens = 0, 0, 0

    def add(self, loss, right, masked, tokens):
        self.loss = self.loss + loss.detach()
        self.right = self.right + right
        self.masked += masked
        self.steps += 1
        self.tokens += tokens

    def mean_loss(self):
        return float(self.loss) / max(1, self.steps)

    def accuracy(self):
        return float(self.right) / max(1, self.masked)

    def tokens_per_s(self):
        return round(self.tokens / (time.perf_counter() - self.start), 1)


def pretrain(model, sequences, config, device, log):
    generator = torch.Generator().manual_seed(config["seed"])
    optimizer = make_optimizer(model, config, device)
    autocast = precision_context(device)
    lengths = [len(s) for s in sequences]
    steps_per_epoch = -(-len(sequences) // config["batch_size"])
    total_steps = steps_per_epoch * config["epochs"]
    warmup_steps = max(1, int(config["warmup_fraction"] * total_steps))
    parameters = sum(p.numel() for p in model.parameters())
    log.write(
        {
            "event": "start",
            "sequences": len(sequences),
            "tokens": sum(lengths),
            "epochs": config["epochs"],
            "steps": total_steps,
            "parameters": parameters,
            "device": device_name(device),
            "dtype": "bf16" if uses_bf16(device) else "fp32",
        }
    )
    say(
        f"pretraining on {len(sequences)} sequences ({sum(lengths)} tokens), "
        f"{config['epochs']} epochs, {total_steps} steps, {parameters / 1e6:.1f}M parameters"
    )

    model.train()
    started = time.perf_counter()
    step, first_loss, epoch = 0, None, None
    window = Tally()
    for epoch_number in range(1, config["epochs"] + 1):
        epoch = Tally()
        batches = make_batches(lengths, config["batch_size"], config["bucket_batches"], generator)
        for indices in batches:
            batch = [sequences[i] for i in indices]
            input_ids, attention_mask = collate(batch, config["pad_token_id"])
            inputs, chosen, targets = mask_tokens(input_ids, attention_mask, config, generator)
            targets = targets.to(device)
            factor = lr_factor(step, total_steps, warmup_steps)
            for group in optimizer.param_groups:
                group["lr"] = config["lr"] * factor

            with autocast():
                logits = model(inputs.to(device), attention_mask.to(device), chosen.to(device))
            loss = F.cross_entropy(logits.float(), targets)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), config["grad_clip"])
            optimizer.step()
            step += 1

            right = (logits.argmax(dim=-1) == targets).sum()
            tokens = int(attention_mask.sum())
            for tally in (epoch, window):
                tally.add(loss, right, len(targets), tokens)
            if step == 1 or step % config["log_interval"] == 0 or step == total_steps:
                record = {
                    "event": "step",
                    "step": step,
                    "steps": total_steps,
                    "epoch": epoch_number,
                    "loss": window.mean_loss(),
                    "accuracy": window.accuracy(),
                    "lr": config["lr"] * factor,
                    "tokens_per_s": window.tokens_per_s(),
                }
                first_loss = record["loss"] if first_loss is None else first_loss
                log.write(record)
                window = Tally()

        record = {"event": "epoch", "epoch": epoch_number}
        log.write(dict(record, loss=epoch.mean_loss(), accuracy=epoch.accuracy()))

    seconds = time.perf_counter() - started
    return {
        "event": "summary",
        "steps": total_steps,
        "epochs": config["epochs"],
        "sequences": len(sequences),
        "first_loss": first_loss,
        "last_epoch_loss": epoch.mean_loss(),
        "last_epoch_accuracy": epoch.accuracy(),
        "seconds": round(seconds, 3),
        "tokens_per_s": round(sum(lengths) * config["epochs"] / seconds, 1),
        "parameters": parameters,
        "device": device_name(device),
        "torch": torch.__version__,
    }


def run(config, log):
    device = prepare_device(config)

    bert_config = scratch_bert_config(config)
    sequences = read_sequences(config["sequences"], config["vocab_size"], config["max_length"])
    model = MaskedLanguageModel(bert_config, config["sep_token_id"])
    if config["word_vectors"]:
        start_from_word_vectors(model, config["word_vectors"], config["word_vector_dims"])
    model = model.to(device)

    summary = pretrain(model, sequences, config, device, log)
    log.write(summary)
    save_hf_checkpoint(model.to("cpu"), config["out_dir"])
    say(f"pretrained encoder written to {config['out_dir']}")
    return summary


def main(argv):
    return trainer.main(argv, resolve_config, run)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
