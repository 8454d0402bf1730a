#!/bin/sh
# libFuzzer harnesses (Tests/Fuzz/*.swift) for the parsers and readers scripts and files reach.
#   scripts/fuzz.sh build [NAME…]        build every (or the named) harness into .build/fuzz (swiftc -sanitize=fuzzer,address)
#   scripts/fuzz.sh run SECONDS [NAME…]   run each (or the named) harness for SECONDS, seeded from the tests
#   scripts/fuzz.sh runs N [NAME…]        run each (or the named) harness for N executions (the goal: 1000000)
# Crashes are written to Tests/Fuzz/crashes/NAME-*; each found becomes a regression test (docs/reliability.md).
# Each harness is compiled into the module it tests (so it reaches internal parsers), on top of PythonBasics.
set -eu
cd "$(dirname "$0")/.."
OUT=.build/fuzz
FLAGS="-sanitize=fuzzer,address -parse-as-library -O -g -suppress-warnings"
HARNESSES="safetensors gguf torch_checkpoint tokenizer notebook lang chat_template adapter_config dataset"

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
        torch_checkpoint) one torch_checkpoint WeightIO Tests/Fuzz/TorchCheckpointFuzz.swift Sources/WeightIO/*.swift ;;
        tokenizer) one tokenizer Tokenizers Tests/Fuzz/TokenizerFuzz.swift $(find Sources/Tokenizers -name '*.swift') ;;
        notebook) one notebook Notebooks Tests/Fuzz/NotebookFuzz.swift Sources/Notebooks/Notebook.swift Sources/Notebooks/NotebookParser.swift \
            Sources/Notebooks/NotebookPrinter.swift Sources/Notebooks/NotebookError.swift Sources/Notebooks/HashChain.swift Sources/Notebooks/SHA256.swift ;;
        lang) one lang Lang Tests/Fuzz/LangFuzz.swift $(find Sources/Lang -name '*.swift') ;;
        chat_template) one chat_template Tokenizers Tests/Fuzz/ChatTemplateFuzz.swift $(find Sources/Tokenizers -name '*.swift') ;;
        # PEFT's config files (and the pure module matching they validate with) need neither Models nor TensorCore.
        adapter_config) one adapter_config PEFT Tests/Fuzz/AdapterConfigFuzz.swift Sources/PEFT/AdapterConfigFile.swift Sources/PEFT/LoraConfig*.swift \
            Sources/PEFT/PeftError.swift Sources/PEFT/PeftWarnings.swift Sources/PEFT/PythonJSON.swift Sources/PEFT/PythonRegex.swift \
            Sources/PEFT/TargetMatching.swift Sources/PEFT/ModulesToSave.swift Sources/PEFT/ModelDescription.swift ;;
        # Training's data readers need only its Support (errors, JSON, Python formatting) and Random (shuffles) folders.
        dataset) one dataset Training Tests/Fuzz/DatasetFuzz.swift Sources/Training/Data/*.swift Sources/Training/Support/*.swift Sources/Training/Random/*.swift ;;
        *) echo "fuzz: unknown harness $name (known: $HARNESSES)" >&2; exit 2 ;;
        esac
    done
}

one() {
    name=$1; module=$2; shift 2
    echo "fuzz: $name"
    # (ld.gold warns about every ASan register helper it cannot export: noise, filtered out.)
    status=0
    swiftc $FLAGS -module-name "$module" -I "$OUT" "$@" "$OUT/libPythonBasics.a" -o "$OUT/fuzz-$name" > "$OUT/$name.log" 2>&1 || status=$?
    grep -v "Cannot export local symbol" "$OUT/$name.log" >&2 || true
    [ "$status" = 0 ] || { echo "fuzz: building $name failed" >&2; exit "$status"; }
}

# Seed corpora from the tests and fixtures (nothing binary is committed).
seed() {
    name=$1; dir="$OUT/corpus/$name"; mkdir -p "$dir"
    fixtures=../shared/fixtures
    home=${LORAREPL_HOME:-$HOME/.cache/lorarepl}
    case $name in
    safetensors) for f in $(find "$fixtures" -name '*.safetensors' -size -2M 2>/dev/null | head -20); do head -c 65536 "$f" > "$dir/$(echo "$f" | tr / _)"; done ;;
    # Byte 0: 0 a whole .pt file (the checked-in fixtures), 1 its data.pkl alone.
    torch_checkpoint) for f in Tests/WeightIOTests/Fixtures/torch/*.pt; do
                          { printf '\000'; cat "$f"; } > "$dir/file_$(basename "$f")"
                          { printf '\001'; unzip -p "$f" '*/data.pkl' 2>/dev/null || true; } > "$dir/pickle_$(basename "$f")"; done ;;
    gguf) for f in $(find "$fixtures" "${LORAREPL_HOME:-$HOME/.cache/lorarepl}" -name '*.gguf' 2>/dev/null | head -5); do head -c 262144 "$f" > "$dir/$(echo "$f" | tr / _)"; done ;;
    # Whole files, not 64 KiB prefixes of big ones (libFuzzer cuts inputs at -max_len, which would leave only
    # truncated, invalid JSON): small valid tokenizer.json files, and the first 2000 lines of each vocab.txt.
    tokenizer) printf '\000' > "$dir/json_wordpiece"; tokenizer_json_wordpiece >> "$dir/json_wordpiece"
               printf '\000' > "$dir/json_bpe"; tokenizer_json_bpe >> "$dir/json_bpe"
               for f in $(find "$fixtures" "$home/models" -name 'vocab.txt' 2>/dev/null | head -3); do
                   { printf '\001'; head -n 2000 "$f"; } > "$dir/vocab_$(echo "$f" | tr / _)"; done ;;
    chat_template) chat_templates "$dir"
               # The test samples (Swift string literals: unescape \" then \n and \\).
               sed -n 's/^    static let \([a-zA-Z0-9]*\) = "\(.*{[%{].*\)"$/\1 \2/p' Tests/TokenizersTests/TemplateSamples.swift |
                   while read -r sample text; do printf '%b' "$(printf '%s' "$text" | sed 's/\\"/"/g')" > "$dir/sample_$sample"; done ;;
    adapter_config) for f in $(find "$fixtures" -name 'adapter_config.json' 2>/dev/null); do cp "$f" "$dir/$(echo "$f" | tr / _)"; done ;;
    # Byte 0 picks the reader: 0 CSV, 1 TSV, 2 CSV with on_bad_lines="skip", 3 JSON / JSON lines.
    dataset) for f in $(find "$home/data" -name '*.csv' 2>/dev/null | head -3); do
                 { printf '\000'; head -n 40 "$f"; } > "$dir/csv_$(echo "$f" | tr / _)"
                 { printf '\002'; head -n 40 "$f"; } > "$dir/skip_$(echo "$f" | tr / _)"; done
             printf '\000text,label,score\n"quoted, with comma",1,0.5\n"a ""quote"" inside",0,\n"two\nlines",1,1e3\n,,\nTrue,2,x\n' > "$dir/csv_quoting"
             printf '\001text\tlabel\nhello\t1\nworld\t0\n' > "$dir/tsv_small"
             printf '\003[{"text": "a", "label": 1, "tags": [1, 2]}, {"text": null, "label": 2.5}]' > "$dir/json_array"
             for f in $(find "$fixtures" -name '*.jsonl' 2>/dev/null | head -3); do
                 { printf '\003'; head -n 20 "$f"; } > "$dir/jsonl_$(echo "$f" | tr / _)"; done ;;
    notebook) for f in notebooks/*.lnb Tests/NotebooksTests/Fixtures/*.lnb; do cp "$f" "$dir/$(echo "$f" | tr / _)"; done ;;
    lang) for f in $(find Tests/LangTests/Scripts stdlib -name '*.lora' | head -400); do cp "$f" "$dir/$(echo "$f" | tr / _)"; done ;;
    esac
}

# Seed files written as text here: small but complete tokenizer.json files of both kinds, and chat templates
# of the families lorarepl renders (ChatML as SmolLM2's, Llama 3, Mistral, Zephyr, Gemma).
tokenizer_json_wordpiece() {
    cat <<'EOF'
{"version": "1.0", "added_tokens": [{"id": 0, "content": "[PAD]", "special": true}, {"id": 1, "content": "[UNK]", "special": true},
 {"id": 2, "content": "[CLS]", "special": true}, {"id": 3, "content": "[SEP]", "special": true}, {"id": 4, "content": "[MASK]", "special": true}],
 "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
 "pre_tokenizer": {"type": "BertPreTokenizer"},
 "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
   {"SpecialToken": {"id": "[SEP]", "type_id": 0}}], "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
   {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
   "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]}, "[SEP]": {"id": "[SEP]", "ids": [3], "tokens": ["[SEP]"]}}},
 "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
   "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4, "hello": 5, ",": 6, "w": 7, "##ö": 8, "##rl": 9, "##d": 10,
     "!": 11, "你": 12, "好": 13, "don": 14, "'": 15, "t": 16, "the": 17, "##s": 18, "a": 19}}}
EOF
}

tokenizer_json_bpe() {
    cat <<'EOF'
{"version": "1.0", "added_tokens": [{"id": 20, "content": "<|im_start|>", "special": true}, {"id": 21, "content": "<|im_end|>", "special": true}],
 "normalizer": null,
 "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "Digits", "individual_digits": true},
   {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true}]},
 "post_processor": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": false, "use_regex": true},
 "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
 "model": {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null, "end_of_word_suffix": null,
   "fuse_unk": false, "byte_fallback": false, "ignore_merges": false,
   "vocab": {"H": 0, "e": 1, "l": 2, "o": 3, ",": 4, "Ġ": 5, "w": 6, "r": 7, "d": 8, "!": 9, "He": 10, "ll": 11, "Hell": 12, "Hello": 13,
     "Ġw": 14, "or": 15, "Ġwor": 16, "Ġworld": 17, "0": 18, "1": 19},
   "merges": ["H e", "l l", "He ll", "Hell o", "Ġ w", "o r", "Ġw or", ["Ġwor", "ld"]]}}
EOF
}

chat_templates() {
    cat > "$1/chatml" <<'EOF'
{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system
You are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>
' }}{% endif %}{{'<|im_start|>' + message['role'] + '
' + message['content'] + '<|im_end|>' + '
'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant
' }}{% endif %}
EOF
    cat > "$1/zephyr" <<'EOF'
{% for message in messages %}
{% if message['role'] == 'user' %}
{{ '<|user|>
' + message['content'] + eos_token }}
{% elif message['role'] == 'system' %}
{{ '<|system|>
' + message['content'] + eos_token }}
{% elif message['role'] == 'assistant' %}
{{ '<|assistant|>
'  + message['content'] + eos_token }}
{% endif %}
{% if loop.last and add_generation_prompt %}
{{ '<|assistant|>' }}
{% endif %}
{% endfor %}
EOF
    cat > "$1/gemma_tools" <<'EOF'
{{ bos_token }}{%- if tools %}{%- set ns = namespace(text='') -%}{%- for t in tools %}{%- set ns.text = ns.text ~ (t | tojson(indent=2)) ~ '
' -%}{%- endfor %}Tools:
{{ ns.text | trim }}{%- endif %}{% if messages[0]['role'] == 'system' %}{% set first = messages[0]['content'] | trim ~ '

' %}{% set rest = messages[1:] %}{% else %}{% set first = '' %}{% set rest = messages %}{% endif %}{% for message in rest %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% set role = 'model' if message['role'] == 'assistant' else message['role'] %}{{ '<start_of_turn>' + role + '
' + (first if loop.first else '') + message['content'] | trim + '<end_of_turn>
' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model
'}}{% endif %}
EOF
}

# Longest input libFuzzer makes (-max_len). The language harness runs a whole program per input: a few KiB covers
# every construct, and longer programs mostly repeat them at a much higher cost per execution (docs/reliability.md).
max_len() {
    case $1 in
    lang) echo 4096 ;;
    *) echo 65536 ;;
    esac
}

run() {
    limit=$1; shift
    names=${*:-$HARNESSES}
    mkdir -p Tests/Fuzz/crashes
    failed=""
    for name in $names; do
        seed "$name"
        echo "fuzz: running $name ($limit)"
        # No LeakSanitizer: Swift keeps class references inside enums with tag bits in the pointer, which it cannot
        # follow, so it reports live static tables as leaks (the chat-template builtins, LoraConfig's defaults), and
        # the interpreter keeps reference cycles ARC never frees; libFuzzer's per-input leak check also re-ran every
        # input whose mallocs and frees differed (a lazy cache), which made the harnesses slow. Leaks are not crashes;
        # -rss_limit_mb still stops an input whose memory runs away.
        # -timeout (wall clock) is only a backstop: each harness bounds its own work, and on a loaded machine an input
        # that takes 20 ms of CPU can take 10 s of wall time at nice 15.
        leaks=0
        status=0
        ASAN_OPTIONS=detect_leaks=$leaks "$OUT/fuzz-$name" -detect_leaks=$leaks $limit -timeout=60 -rss_limit_mb=4096 -max_len=$(max_len "$name") \
            -artifact_prefix="Tests/Fuzz/crashes/$name-" -print_final_stats=1 "$OUT/corpus/$name" > "$OUT/$name.run.log" 2>&1 || status=$?
        grep -E "^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|==[0-9]+==|SUMMARY|Done|INFO: Running|artifact_prefix)" "$OUT/$name.run.log" || true
        # libFuzzer exits non-zero when it finds a crash, a time-out or a leak (the input is in Tests/Fuzz/crashes).
        [ "$status" = 0 ] || failed="$failed $name"
    done
    if [ -n "$failed" ]; then
        echo "fuzz: FAILED:$failed (inputs in Tests/Fuzz/crashes, logs in $OUT/NAME.run.log); each needs a regression test and a fix" >&2
        exit 1
    fi
}

case "${1:-}" in
build) shift; build "$@" ;;
run) shift; seconds=$1; shift; run "-max_total_time=$seconds" "$@" ;;
runs) shift; runs=$1; shift; run "-runs=$runs" "$@" ;;
*) echo "usage: scripts/fuzz.sh build | run SECONDS [NAME…] | runs N [NAME…]" >&2; exit 2 ;;
esac
