"""Checks the trainer's BERT against `transformers`' BertModel (on a host that has it).

    python3 gpu/hf_check.py [--device cuda] [--layers 12]

1. A random BERT of SciBERT's shape built by python/model.py is saved in Hugging Face's
   format (config.json + model.safetensors, written by model.py's own safetensors writer);
   transformers' BertModel loads it, and both encode the same padded batch in float32.
2. The other way: transformers' BertForPreTraining (random) is saved with save_pretrained;
   model.py's loader reads it (the `bert.` prefix, pooler and MLM heads) and both encode again.
The hidden states of real tokens must agree within --tolerance. Prints one JSON line.
"""

import argparse
import json
import os
import sys
import tempfile

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))

import model as M  # noqa: E402

SEP = 103  # [SEP] in BERT's vocabularies; it only decides the token types here


def make_batch(vocab_size, device):
    generator = torch.Generator().manual_seed(1)
    ids = torch.randint(1000, vocab_size, (4, 96), generator=generator)
    mask = torch.ones_like(ids)
    for row, length in enumerate((96, 80, 41, 17)):
        ids[row, length:] = 0
        mask[row, length:] = 0
    ids[:, 0] = 102
    ids[:, 12] = SEP
    token_types = M.segment_b_after_first_sep(ids, SEP)
    return ids.to(device), mask.to(device), token_types.to(device)


def max_difference(ours, theirs, mask):
    keep = mask.bool().unsqueeze(-1).expand_as(ours)
    return (ours - theirs).abs().masked_select(keep).max().item()


def main():
    import transformers

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--layers", type=int, default=12)
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()

    # float32 without TF32, so the comparison measures the code, not the matmul precision.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    device = torch.device(args.device)
    shape = {
        "vocab_size": 31090,
        "hidden_size": 768,
        "num_hidden_layers": args.layers,
        "num_attention_heads": 12,
        "intermediate_size": 3072,
    }
    ids, mask, token_types = make_batch(shape["vocab_size"], device)
    results = {"transformers": transformers.__version__, "torch": torch.__version__}

    with tempfile.TemporaryDirectory() as folder, torch.no_grad():
        torch.manual_seed(0)
        ours = M.ClaimVerifier(M.bert_config_from(shape)).eval()
        M.save_hf_checkpoint(ours, os.path.join(folder, "ours"))
        theirs = transformers.BertModel.from_pretrained(
            os.path.join(folder, "ours"), add_pooling_layer=False
        ).eval()
        ours, theirs = ours.to(device), theirs.to(device)
        for attention in ("manual", "sdpa"):
            ours.set_attention(attention)
            hidden = ours.bert(ids, mask, token_types)
            reference = theirs(input_ids=ids, attention_mask=mask, token_type_ids=token_types)
            diff = max_difference(hidden, reference.last_hidden_state, mask)
            results[f"ours_saved_{attention}_max_abs_diff"] = diff

        config = transformers.BertConfig(**shape)
        pretraining = transformers.BertForPreTraining(config).eval()
        pretraining.save_pretrained(os.path.join(folder, "theirs"))
        loaded, ignored = M.load_checkpoint(os.path.join(folder, "theirs"))
        loaded = loaded.eval().to(device)
        pretraining = pretraining.to(device)
        hidden = loaded.bert(ids, mask, token_types)
        inputs = {"input_ids": ids, "attention_mask": mask, "token_type_ids": token_types}
        reference = pretraining.bert(**inputs)
        results["theirs_loaded_max_abs_diff"] = max_difference(
            hidden, reference.last_hidden_state, mask
        )
        results["theirs_loaded_ignored"] = ignored

    diffs = [value for key, value in results.items() if key.endswith("max_abs_diff")]
    results["ok"] = max(diffs) <= args.tolerance
    results["tolerance"] = args.tolerance
    results["device"] = str(device)
    print(json.dumps(results), flush=True)
    sys.exit(0 if results["ok"] else 1)


if __name__ == "__main__":
    main()
