#!/bin/sh
# One recipe run of a task notebook, for docs/tasks-recipes.md: copies the notebook with some header params
# changed, records it with `lorarepl test --update` (so the copy is a full replay), and prints the lines that
# carry the validation and test scores plus the CPU time (user, system seconds; peak KB) it took.
#   scripts/tune-recipes.sh LORAREPL NOTEBOOK RUN_DIR NAME key=value...
#   e.g. scripts/tune-recipes.sh .build/release/lorarepl notebooks/ner-lora.lnb /tmp/runs ner-e3 epochs=3
# Run it niced on a shared machine: nice -n 10 scripts/tune-recipes.sh ...
set -eu
lorarepl=$1; notebook=$2; dir=$3; name=$4; shift 4
mkdir -p "$dir"
copy="$dir/$name.lnb"
header=$(head -1 "$notebook")
for pair in "$@"; do
  key=${pair%%=*}
  case "$header" in
    *" $key="*) header=$(printf '%s\n' "$header" | sed "s/ $key=[^ ]*/ $pair/") ;;
    *) echo "no param $key in $notebook" >&2; exit 2 ;;
  esac
done
{ printf '%s\n' "$header"; tail -n +2 "$notebook"; } > "$copy"
/usr/bin/time -f "cpu %U user %S system %M KB" -o "$dir/$name.time" "$lorarepl" test --update "$copy" > "$dir/$name.log" 2>&1 || true
echo "== $name: $header"
grep -E "eval_f1|LoRA entity F1|strict IOB2|validation, |after fine-tuning|by position \(extract\)|final training loss" "$copy" | grep -v "^_ = \|print\|show_rouge" || true
cat "$dir/$name.time"
