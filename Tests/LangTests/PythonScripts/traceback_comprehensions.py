# Tracebacks show comprehension frames as CPython 3.11 does (<listcomp>, <setcomp>, <dictcomp>, <genexpr>)
import re
import traceback


def shorten(text):
    return re.sub(r'File "[^"]*?([^/"]+\.py)"', r'File "\1"', text)


def parse(value):
    return int(value)


def squares(rows):
    return [parse(x) ** 2 for x in rows]


def labels(rows):
    return {r: parse(r) for r in rows}


def unique(rows):
    return {parse(r) for r in rows}


def nested(grid):
    return [[parse(v) for v in row] for row in grid]


for fn, arg in [(squares, ["1", "a"]), (labels, ["1", "x"]), (unique, ["2", "?"]), (nested, [["1"], ["2", "b"]])]:
    try:
        fn(arg)
    except (ValueError, ZeroDivisionError):
        print(shorten(traceback.format_exc()))

try:
    total = [parse(x) for x in ["1", "2", "three"]]
except ValueError:
    print(shorten(traceback.format_exc()))


def lengths(rows):
    for n in (len(r) for r in rows):
        print(n)


try:
    lengths(["ab", None])
except TypeError:
    # The frame names and lines (CPython's markers under a generator's consumer depend on how it is consumed).
    print("\n".join(line for line in shorten(traceback.format_exc()).splitlines() if line.startswith("  File")))
try:
    print(sum(parse(x) for x in ["4", "five"]))
except ValueError:
    print("\n".join(line for line in shorten(traceback.format_exc()).splitlines() if line.startswith("  File")))
