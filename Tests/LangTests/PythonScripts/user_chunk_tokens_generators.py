# Stream a text corpus in chunks with generators (itertools.islice, batched), count lengths, and write
# fixed-size training windows to a binary file of uint16 ids (as newcomers do for causal-LM pretraining data).
import itertools
import os
import struct
from collections import Counter

lines = [f"sample {i}: " + " ".join(["tok%d" % (j % 7) for j in range(i % 5 + 3)]) for i in range(12)]
with open("corpus.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")


def iter_lines(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n")


def batched(iterable, n):
    it = iter(iterable)
    while True:
        batch = list(itertools.islice(it, n))
        if not batch:
            return
        yield batch


vocab = {}


def ids_for(text):
    for word in text.split():
        if word not in vocab:
            vocab[word] = len(vocab)
        yield vocab[word]


stream = itertools.chain.from_iterable(ids_for(line) for line in iter_lines("corpus.txt"))
windows = list(batched(stream, 8))
print(len(windows), [len(w) for w in windows][-3:], windows[0])
full = [w for w in windows if len(w) == 8]
with open("train.bin", "wb") as f:
    for w in full:
        f.write(struct.pack("<8H", *w))
size = os.path.getsize("train.bin")
print(size, size // 16, len(full))
with open("train.bin", "rb") as f:
    data = f.read()
first = struct.unpack("<8H", data[:16])
print(first, list(first) == full[0], data[:6], data[:16].hex())
lengths = Counter(len(line.split()) for line in iter_lines("corpus.txt"))
print(sorted(lengths.items()), max(lengths, key=lengths.get))
for i, batch in enumerate(batched(iter_lines("corpus.txt"), 5)):
    print(i, len(batch), batch[0][:12])
print(list(itertools.islice(itertools.count(100, 5), 3)), list(itertools.accumulate([3, 1, 4, 1, 5])))
