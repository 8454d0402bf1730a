#!/usr/bin/env bash
# Replays every notebook in notebooks/ with `lorarepl test` (recorded outputs are the expectations).
set -euo pipefail
bin="${1:-.build/release/lorarepl}"
shopt -s nullglob
notebooks=(notebooks/*.lnb)
if [ ${#notebooks[@]} -eq 0 ]; then
    echo "notebooks: none yet in notebooks/"
    exit 0
fi
# Demo assets a notebook reads (scripts/fetch-assets.sh installs them); without them it is skipped, loudly.
home="${LORAREPL_HOME:-$HOME/.cache/lorarepl}"
needs() {
    case "$(basename "$1")" in
        sentiment-lora.lnb|fine-tuning-types.lnb) echo "models/sentence-transformers/all-MiniLM-L6-v2/model.safetensors data/tweet_sentiment.csv" ;;
        ner-lora.lnb) echo "models/sentence-transformers/all-MiniLM-L6-v2/model.safetensors data/wnut16_train.txt" ;;
        02-tensors-and-lora-math.lnb) echo "models/sentence-transformers/all-MiniLM-L6-v2/model.safetensors" ;;
        chat-lora.lnb) echo "models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf" ;;
        summarize-lora.lnb) echo "models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf data/aclsum/train.jsonl data/aclsum/val.jsonl data/aclsum/test.jsonl" ;;
    esac
}
runnable=()
for notebook in "${notebooks[@]}"; do
    missing=""
    for asset in $(needs "$notebook"); do [ -e "$home/$asset" ] || missing="$missing $asset"; done
    if [ -n "$missing" ]; then
        echo "SKIPPED: $notebook needs$missing in $home (run scripts/fetch-assets.sh)" >&2
    else
        runnable+=("$notebook")
    fi
done
[ ${#runnable[@]} -eq 0 ] && { echo "notebooks: every notebook was skipped" >&2; exit 0; }
[ -x "$bin" ] || swift build -c release -Xswiftc -enable-testing --product lorarepl
"$bin" test "${runnable[@]}"
