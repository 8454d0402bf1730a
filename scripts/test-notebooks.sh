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
[ -x "$bin" ] || swift build -c release -Xswiftc -enable-testing --product lorarepl
"$bin" test "${notebooks[@]}"
