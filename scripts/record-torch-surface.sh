#!/bin/sh
# Records the PyTorch outputs of Tests/BindingsTests/TorchScripts/*.py once (tests never run Python).
# Needs a Python with torch (CPU), transformers and peft in $PYTHON, e.g. a venv outside the project:
#   PYTHON=/tmp/torch-venv/bin/python scripts/record-torch-surface.sh
# {{MINILM}} / {{ADAPTER}} in a script are replaced by the demo MiniLM folder and the shared PEFT adapter fixture,
# {{FE_ADAPTER}} by fixtures/minilm_feature_adapter (a fresh feature-extraction LoRA adapter saved by peft).
# sklearn_evaluate.py also needs scikit-learn, evaluate, rouge_score and seqeval, and the evaluate metric scripts
# offline: EVALUATE_METRICS=<a checkout of github.com/huggingface/evaluate>/metrics (evaluate.load("accuracy")
# finds ./accuracy/accuracy.py there). trainer_ext.py needs datasets too.
set -e
root="$(cd "$(dirname "$0")/.." && pwd)"
minilm="${LORAREPL_HOME:-$HOME/.cache/lorarepl}/models/sentence-transformers/all-MiniLM-L6-v2"
adapter="$root/../shared/fixtures/minilm/lora_step/adapter"
cd "$root/Tests/BindingsTests/TorchScripts"
for script in *.py; do
    sed -e "s#{{MINILM}}#$minilm#g" -e "s#{{ADAPTER}}#$adapter#g" -e "s#{{FE_ADAPTER}}#$PWD/fixtures/minilm_feature_adapter#g" \
        "$script" > "/tmp/record-$script"
    expected="$PWD/${script%.py}.expected"
    (cd "${EVALUATE_METRICS:-.}" && USE_HUB_KERNELS=0 HF_HUB_OFFLINE=1 "${PYTHON:-python3}" "/tmp/record-$script" > "$expected")
    rm -f "/tmp/record-$script"
done
