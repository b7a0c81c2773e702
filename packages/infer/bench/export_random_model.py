"""Exports a randomly initialised claim verifier of a given shape to ONNX, with the train
package's own model and exporter, for timing inference: speed depends on the shape, not on
the weights.

    /usr/bin/python3 export_random_model.py OUT_DIR --vocab-size N --hidden 768 --layers 12
        --heads 12 --intermediate 3072
"""

import argparse
import sys
from pathlib import Path

import torch

TRAIN_PYTHON = Path(__file__).resolve().parents[2] / "train" / "python"
sys.path.insert(0, str(TRAIN_PYTHON))

from model import ClaimVerifier, bert_config_from  # noqa: E402
from trainer import export_onnx  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--vocab-size", type=int, required=True)
    parser.add_argument("--sep-token-id", type=int, default=-1)
    parser.add_argument("--hidden", type=int, default=768)
    parser.add_argument("--layers", type=int, default=12)
    parser.add_argument("--heads", type=int, default=12)
    parser.add_argument("--intermediate", type=int, default=3072)
    args = parser.parse_args()

    torch.manual_seed(0)
    bert_config = bert_config_from(
        {
            "vocab_size": args.vocab_size,
            "hidden_size": args.hidden,
            "num_hidden_layers": args.layers,
            "num_attention_heads": args.heads,
            "intermediate_size": args.intermediate,
        }
    )
    model = ClaimVerifier(bert_config, sep_token_id=args.sep_token_id).eval()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    export_onnx(model, {"opset": 14}, str(out / "model.onnx"))
    size = (out / "model.onnx").stat().st_size / 2**20
    print(f"wrote {out / 'model.onnx'} ({size:.1f} MiB)", file=sys.stderr)


if __name__ == "__main__":
    main()
