#!/bin/sh
# libFuzzer harnesses (Tests/Fuzz/*.swift) for the parsers and readers scripts and files reach.
#   scripts/fuzz.sh build [NAME…]        build every (or the named) harness into .build/fuzz (swiftc -sanitize=fuzzer,address)
#   scripts/fuzz.sh run SECONDS [NAME…]   run each (or the named) harness for SECONDS, seeded from the tests
# Crashes are written to Tests/Fuzz/crashes/NAME-*; each found becomes a regression test (docs/reliability.md).
# Each harness is compiled into the module it tests (so it reaches internal parsers), on top of PythonBasics.
set -eu
cd "$(dirname "$0")/.."
OUT=.build/fuzz
FLAGS="-sanitize=fuzzer,address -parse-as-library -O -g -suppress-warnings"
HARNESSES="safetensors gguf tokenizer notebook lang"

build() {
    mkdir -p "$OUT"
    names=${*:-$HARNESSES}
    if [ ! -f "$OUT/libPythonBasics.a" ] || [ -n "$(find Sources/PythonBasics -newer "$OUT/libPythonBasics.a" -name '*.swift')" ]; then
        echo "fuzz: PythonBasics"
        swiftc $FLAGS -emit-library -static -emit-module -module-name PythonBasics \
            -emit-module-path "$OUT/PythonBasics.swiftmodule" Sources/PythonBasics/*.swift -o "$OUT/libPythonBasics.a"
    fi
    for name in $names; do
        case $name in
        safetensors) one safetensors WeightIO Tests/Fuzz/SafetensorsFuzz.swift Sources/WeightIO/*.swift ;;
        gguf) one gguf WeightIO Tests/Fuzz/GGUFFuzz.swift Sources/WeightIO/*.swift ;;
        tokenizer) one tokenizer Tokenizers Tests/Fuzz/TokenizerFuzz.swift $(find Sources/Tokenizers -name '*.swift') ;;
        notebook) one notebook Notebooks Tests/Fuzz/NotebookFuzz.swift Sources/Notebooks/Notebook.swift Sources/Notebooks/NotebookParser.swift \
            Sources/Notebooks/NotebookPrinter.swift Sources/Notebooks/NotebookError.swift Sources/Notebooks/HashChain.swift Sources/Notebooks/SHA256.swift ;;
        lang) one lang Lang Tests/Fuzz/LangFuzz.swift $(find Sources/Lang -name '*.swift') ;;
        *) echo "fuzz: unknown harness $name (known: $HARNESSES)" >&2; exit 2 ;;
        esac
    done
}

one() {
    name=$1; module=$2; shift 2
    echo "fuzz: $name"
    swiftc $FLAGS -module-name "$module" -I "$OUT" "$@" "$OUT/libPythonBasics.a" -o "$OUT/fuzz-$name"
}

# Seed corpora from the tests and fixtures (nothing binary is committed).
seed() {
    name=$1; dir="$OUT/corpus/$name"; mkdir -p "$dir"
    fixtures=../shared/fixtures
    case $name in
    safetensors) for f in $(find "$fixtures" -name '*.safetensors' -size -2M 2>/dev/null | head -20); do head -c 65536 "$f" > "$dir/$(echo "$f" | tr / _)"; done ;;
    gguf) for f in $(find "$fixtures" "${LORAREPL_HOME:-$HOME/.cache/lorarepl}" -name '*.gguf' 2>/dev/null | head -5); do head -c 262144 "$f" > "$dir/$(echo "$f" | tr / _)"; done ;;
    tokenizer) for f in $(find "$fixtures" "${LORAREPL_HOME:-$HOME/.cache/lorarepl}/models" -name 'tokenizer.json' -size -3M 2>/dev/null | head -3); do
                   { printf '\000'; cat "$f"; } > "$dir/json_$(echo "$f" | tr / _)"; done
               for f in $(find "$fixtures" "${LORAREPL_HOME:-$HOME/.cache/lorarepl}/models" -name 'vocab.txt' 2>/dev/null | head -3); do
                   { printf '\001'; cat "$f"; } > "$dir/vocab_$(echo "$f" | tr / _)"; done ;;
    notebook) for f in notebooks/*.lnb Tests/NotebooksTests/Fixtures/*.lnb; do cp "$f" "$dir/$(echo "$f" | tr / _)"; done ;;
    lang) for f in $(find Tests/LangTests/Scripts stdlib -name '*.lora' | head -400); do cp "$f" "$dir/$(echo "$f" | tr / _)"; done ;;
    esac
}

run() {
    seconds=$1; shift
    names=${*:-$HARNESSES}
    mkdir -p Tests/Fuzz/crashes
    for name in $names; do
        seed "$name"
        echo "fuzz: running $name for ${seconds}s"
        # The interpreter keeps reference cycles (closures and their scopes, classes and their methods) that
        # ARC never frees; LeakSanitizer would stop the language harness on them after a few inputs.
        leaks=1; [ "$name" = lang ] && leaks=0
        ASAN_OPTIONS=detect_leaks=$leaks "$OUT/fuzz-$name" -detect_leaks=$leaks -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
            -artifact_prefix="Tests/Fuzz/crashes/$name-" -print_final_stats=1 "$OUT/corpus/$name" 2>&1 \
            | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY|Done|INFO: Running)" || true
    done
}

case "${1:-}" in
build) shift; build "$@" ;;
run) shift; run "$@" ;;
*) echo "usage: scripts/fuzz.sh build | run SECONDS [NAME…]" >&2; exit 2 ;;
esac
