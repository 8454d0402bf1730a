import re
import csv
import json
import os
import statistics
import argparse
from collections import Counter, defaultdict, namedtuple
from pathlib import Path


def attempt(label, fn):
    try:
        fn()
        print(label, "ok")
    except Exception as e:
        print(label, type(e).__name__, e)


attempt("open missing", lambda: open("missing.txt"))
attempt("bad mode", lambda: open("x.txt", "q"))
attempt("read dir", lambda: open("."))
attempt("makedirs twice", lambda: (os.makedirs("d"), os.makedirs("d")))
attempt("remove dir", lambda: os.remove("d"))
attempt("rmdir", lambda: os.rmdir("d"))
attempt("re nothing to repeat", lambda: re.compile("*a"))
attempt("re bad escape", lambda: re.compile(r"\p"))
attempt("re unbalanced", lambda: re.compile("a)"))
attempt("re bad template", lambda: re.sub("(a)", r"\2", "a"))
attempt("re unknown group", lambda: re.match("(?P<x>a)", "a").group("y"))
attempt("statistics", lambda: statistics.median([]))
attempt("namedtuple", lambda: namedtuple("P", ["x", "x"]))
attempt("defaultdict", lambda: defaultdict(3))
attempt("counter", lambda: Counter(5))
attempt("csv", lambda: list(csv.reader(['a,"b'], strict=True)))
attempt("path", lambda: Path("nope.txt").read_text())
attempt("encoding", lambda: open("x.txt", "w", encoding="klingon"))
attempt("closed", lambda: (lambda f: (f.close(), f.write("x")))(open("y.txt", "w")))
attempt("argparse", lambda: argparse.ArgumentParser().add_argument("x", "--y"))
print(sorted(os.listdir(".")))
