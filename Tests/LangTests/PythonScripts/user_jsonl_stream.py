"""Generators over files: write a JSONL corpus, stream it in batches, tokenise lazily, collect stats."""
import itertools
import json
import os
import string
from collections import Counter, OrderedDict, namedtuple

Example = namedtuple("Example", ["idx", "text", "label"])

docs = [
    {"text": "The quick brown fox.", "label": 1},
    {"text": "Jumps over the lazy dog!", "label": 0},
    {"text": "Fine-tuning is fun; LoRA is cheap.", "label": 1},
    {"text": "   ", "label": 0},
    {"text": "Tokenizers split words into pieces.", "label": 1},
]
os.makedirs("data", exist_ok=True)
path = os.path.join("data", "train.jsonl")
with open(path, "w", encoding="utf-8") as f:
    for doc in docs:
        print(json.dumps(doc), file=f)


def read_jsonl(filename):
    with open(filename, encoding="utf-8") as f:
        for i, line in enumerate(f):
            line = line.strip()
            if line:
                record = json.loads(line)
                yield Example(i, record["text"], record["label"])


def non_empty(examples):
    for ex in examples:
        if ex.text.strip():
            yield ex
        else:
            print(f"skipping empty example {ex.idx}")


def batched(iterable, size):
    it = iter(iterable)
    while True:
        batch = list(itertools.islice(it, size))
        if not batch:
            return
        yield batch


def tokens(text):
    table = str.maketrans("", "", string.punctuation)
    return text.translate(table).lower().split()


stream = non_empty(read_jsonl(path))
print(type(stream).__name__)
for n, batch in enumerate(batched(stream, 2)):
    ids = [ex.idx for ex in batch]
    labels = [ex.label for ex in batch]
    print(f"batch {n}: ids={ids} labels={labels} first={batch[0]}")

first = next(read_jsonl(path))
idx, text, label = first
print(first, first._asdict(), first._replace(label=9), Example._fields, len(first), first[1])
print(isinstance(first, tuple), first == (0, "The quick brown fox.", 1), json.dumps(first))
counts = Counter(tok for ex in read_jsonl(path) for tok in tokens(ex.text))
print(counts.most_common(3))
lengths = OrderedDict((ex.idx, len(tokens(ex.text))) for ex in non_empty(read_jsonl(path)))
print(lengths, list(lengths.items())[-1])
pairs = list(itertools.pairwise(ex.label for ex in read_jsonl(path)))
print(pairs, sum(1 for a, b in pairs if a == b))
grouped = {k: [ex.idx for ex in g] for k, g in itertools.groupby(sorted(read_jsonl(path), key=lambda e: e.label), key=lambda e: e.label)}
print(grouped)
print(os.path.getsize(path) > 0, sorted(os.listdir("data")))
