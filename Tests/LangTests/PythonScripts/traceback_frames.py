# traceback.format_exc() names each frame as CPython does (<module>, functions, methods) and marks the
# failing call under its line when it is only part of the line (file paths are shortened to the name).
import re
import sys
import traceback


def shorten(text):
    return re.sub(r'File "[^"]*?([^/"]+\.py)"', r'File "\1"', text)


def parse_label(text):
    return int(text)


def load(rows):
    labels = []
    for r in rows:
        labels.append(parse_label(r))
    return labels


class Pipeline:
    def run(self, rows):
        cleaned = [r.strip() for r in rows]
        return load(cleaned)

    def check(self, value):
        if value < 0: raise ValueError(f"negative: {value}")
        return value


try:
    Pipeline().run(["1", " 2", "three"])
except ValueError:
    print(shorten(traceback.format_exc()))

try:
    total = Pipeline().check(3) + Pipeline().check(-1)
except ValueError as error:
    print(shorten("".join(traceback.format_exception(error))))


def outer():
    try:
        inner()
    except KeyError as error:
        raise RuntimeError("lookup failed") from error


def inner():
    return {}["missing_key"]


try:
    outer()
except RuntimeError:
    text = shorten(traceback.format_exc())
    print(text.splitlines()[0], "|", text.splitlines()[-1])
    print([line.strip() for line in text.splitlines() if line.strip().startswith("File")])
    print(sys.exc_info()[0].__name__)
