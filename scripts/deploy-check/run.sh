#!/bin/sh
# The deployment check of docs/lora.md §7, outside the project's tests (which stay Python-free):
# lorarepl writes a merged MiniLM folder, a merged SmolLM2 folder, SmolLM2 GGUFs (F16, Q8_0) and a LoRA GGUF;
# transformers and llama.cpp read them back.
#   scripts/deploy-check/run.sh LORAREPL TRANSFORMERS_PYTHON LLAMA_CPP_PYTHON [DIR]
#   e.g. scripts/deploy-check/run.sh .build/release/lorarepl /work/refvenv/bin/python ~/anchor-venv/bin/python
set -eu
here=$(dirname "$0"); lorarepl=$1; hf=$2; llama=$3
export DEPLOY_DIR="${4:-/tmp/lorarepl-deploy-check}"
mkdir -p "$DEPLOY_DIR/out"
"$lorarepl" "$here/deploy.lora" > "$DEPLOY_DIR/deploy.out"
LORAREPL_DECODER_GEMM_ROWS=100 TAG=_ALL "$lorarepl" "$here/kept.lora" > "$DEPLOY_DIR/kept.out"
TAG=_DEFAULT "$lorarepl" "$here/kept.lora" >> "$DEPLOY_DIR/kept.out"
"$hf" "$here/check.py" hf 2>&1 | grep -v "Loading weights\|Converting"
"$hf" "$here/check64.py" 2>&1 | grep -v "Loading weights\|Converting"
"$llama" "$here/check.py" llama
