#!/bin/sh
# Records the standard output CPython 3.11 gives for each golden script (run in a fresh empty folder,
# with the arguments of its "# argv:" line). Tests never run this; they compare with the .stdout files.
# usage: Tests/LangTests/PythonScripts/record.sh [name.py ...]
set -e
cd "$(dirname "$0")"
here=$(pwd)
for script in ${@:-*.py}; do
    name=${script%.py}
    args=$(sed -n 's/^# argv: //p' "$script" | head -1)
    work=$(mktemp -d)
    (cd "$work" && python3 "$here/$script" $args > "$here/$name.stdout")
    rm -rf "$work"
done
