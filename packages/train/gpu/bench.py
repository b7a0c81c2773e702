"""GPU throughput of the trainer on a BERT-base model (SciBERT's shape, random weights).

    python3 gpu/bench.py --encoded gpu/data/encoded.jsonl [--batch-sizes 8,32] [--steps 60]

Runs the trainer's own pieces (bucketed batches, bf16 autocast, SDPA attention, fused AdamW,
the masked losses) for a number of timed steps after a warm-up, and reports examples per
second, tokens per second and model FLOPs utilisation (MFU) against a peak (790 TFLOP/s bf16
by default). Prints one JSON line per batch size to standard output.
"""

import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))

import model as M  # noqa: E402
import trainer as T  # noqa: E402

# SciBERT (allenai/scibert_scivocab_uncased) is a BERT-base with its own 31,090-word vocabulary.
SCIBERT_SHAPE = {
    "vocab_size": 31090,
    "hidden_size": 768,
    "num_hidden_layers": 12,
    "num_attention_heads": 12,
    "intermediate_size": 3072,
}
# --tiny: a shape that runs on a CPU in seconds, to check the script itself.
TINY_SHAPE = dict(SCIBERT_SHAPE, hidden_size=64, num_hidden_layers=2, num_attention_heads=1)
TINY_SHAPE["intermediate_size"] = 256


def step_flops(bert_config, batch):
    """Model FLOPs of one training step (forward + backward = 3 x forward) on the padded batch:
    2 per multiply-add over the encoder's matrices, plus the attention products QK^T and PV."""
    size, length = batch["input_ids"].shape
    hidden, layers = bert_config["hidden_size"], bert_config["num_hidden_layers"]
    inner = bert_config["intermediate_size"]
    matrices = layers * (4 * hidden * hidden + 2 * hidden * inner)
    forward = 2 * size * length * matrices + layers * 2 * 2 * size * length * length * hidden
    return 3 * forward


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def bench_batch_size(examples, batch_size, args, device):
    torch.manual_seed(0)
    bert_config = M.bert_config_from(TINY_SHAPE if args.tiny else SCIBERT_SHAPE)
    cuda = device.type == "cuda"

    def autocast():
        return torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=cuda)

    model = M.ClaimVerifier(bert_config, sep_token_id=T.find_sep_token(examples)).to(device)
    config = dict(T.DEFAULTS, batch_size=batch_size, lr=2e-5)
    optimizer = T.make_optimizer(model, config, device)
    lengths = [len(e["input_ids"]) for e in examples]
    generator = torch.Generator().manual_seed(0)
    batches = []
    while len(batches) < args.warmup + args.steps:
        batches += T.make_batches(lengths, batch_size, config["bucket_batches"], generator)

    model.train()
    totals = {"examples": 0, "tokens": 0, "padded": 0, "flops": 0}
    for index, indices in enumerate(batches[: args.warmup + args.steps]):
        if index == args.warmup:
            synchronize(device)
            started = time.perf_counter()
        batch = T.collate([examples[i] for i in indices], config["pad_token_id"])
        batch = {key: tensor.to(device, non_blocking=True) for key, tensor in batch.items()}
        inputs = (batch["input_ids"], batch["attention_mask"], batch["sentence_positions"])
        with autocast():
            logits = model(*inputs)
        loss = M.compute_losses(*logits, batch, config)[0]
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if index >= args.warmup:
            totals["examples"] += len(indices)
            totals["tokens"] += sum(lengths[i] for i in indices)
            totals["padded"] += batch["input_ids"].numel()
            totals["flops"] += step_flops(bert_config, batch)
    synchronize(device)
    seconds = time.perf_counter() - started

    achieved = totals["flops"] / seconds
    return {
        "batch_size": batch_size,
        "steps": args.steps,
        "seconds": round(seconds, 3),
        "examples_per_s": round(totals["examples"] / seconds, 1),
        "tokens_per_s": round(totals["tokens"] / seconds),
        "padded_tokens_per_s": round(totals["padded"] / seconds),
        "tflops": round(achieved / 1e12, 1),
        "mfu": round(achieved / (args.peak_tflops * 1e12), 4),
        "peak_memory_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2) if cuda else None,
        "final_loss": round(loss.item(), 4),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--encoded", required=True)
    parser.add_argument("--batch-sizes", default="8,32")
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--peak-tflops", type=float, default=790.0)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--tiny", action="store_true", help="a tiny model, to check the script")
    args = parser.parse_args()

    if args.device == "cuda" and not torch.cuda.is_available():
        sys.exit("error: gpu/bench.py needs CUDA; torch sees no GPU (--device cpu --tiny runs it)")
    device = torch.device(args.device)
    torch.backends.cuda.matmul.allow_tf32 = True
    examples = T.read_examples(args.encoded, SCIBERT_SHAPE["vocab_size"], 512)
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    print(f"bench: {len(examples)} examples, torch {torch.__version__}, {name}", file=sys.stderr)

    for batch_size in [int(size) for size in args.batch_sizes.split(",")]:
        try:
            result = bench_batch_size(examples, batch_size, args, device)
        except Exception as error:
            if not T.is_cuda_oom(error):
                raise
            result = {"batch_size": batch_size, "error": "CUDA out of memory"}
        result.update(device=name, torch=torch.__version__)
        print(json.dumps(result), flush=True)
        if device.type == "cuda":
            torch.cuda.empty_cache()
            torch.cuda.reset_peak_memory_stats()


if __name__ == "__main__":
    main()
