#!/usr/bin/env bash
# The train stage's checks on a CUDA host with torch 2.x and transformers (no Node there).
# Prepare here first:  npx tsx packages/train/gpu/prepare.ts   (writes gpu/data/encoded.jsonl)
# Then on the GPU host, from the repository root, with gpu/data carried along:
#   OUT=/some/dir bash packages/train/gpu/bench.sh
# Steps, about 5 minutes on an H200:
#   1. the trainer's Python unit tests under torch 2.x (SDPA vs manual attention, loaders...)
#   2. gpu/hf_check.py: our BERT against transformers' BertModel, both ways, float32
#   3. gpu/bench.py: BERT-base (SciBERT's shape, random weights) throughput and MFU, bf16
#   4. the trainer end to end on CUDA (compact shape, 1 epoch): model.onnx and parity.json
#      land in $OUT/trainer; check them back here with gpu/check-parity.ts
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${OUT:-$(mktemp -d)}"
encoded="${ENCODED:-$here/data/encoded.jsonl}"
export PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
mkdir -p "$out/trainer"
python3 -c 'import torch; print("torch", torch.__version__, torch.cuda.get_device_name())'

echo "== 1. unit tests under this torch"
python3 -m unittest discover -s "$here/../python" -p 'test_*.py' 2>&1 | tail -n 3

echo "== 2. against transformers' BertModel"
python3 "$here/hf_check.py" --device cuda | tee "$out/hf_check.json"

echo "== 3. BERT-base throughput"
python3 "$here/bench.py" --encoded "$encoded" --batch-sizes "${BATCH_SIZES:-8,32}" \
  | tee "$out/bench.jsonl"

echo "== 4. the trainer on CUDA, end to end"
python3 "$here/../python/trainer.py" --encoded="$encoded" --out_dir="$out/trainer" \
  --vocab_size=16000 --hidden_size=128 --num_layers=2 --num_heads=2 --intermediate_size=512 \
  --epochs=1 --batch_size=32 --lr=1e-3 --sep_token_id=3 --device=cuda --log_interval=5 \
  | tail -n 3
ls -la "$out" "$out/trainer"
