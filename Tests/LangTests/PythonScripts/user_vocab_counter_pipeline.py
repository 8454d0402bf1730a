# Build a vocabulary with collections.Counter from a generator over a file, save it as json and as a
# token-per-line file, then encode sentences (the way a newcomer prepares a toy tokenizer).
import json
from collections import Counter, OrderedDict, defaultdict

corpus = """The cat sat on the mat.
The dog sat on the log!
A cat and a dog? They sat together.
Cats, dogs & logs: the end."""

with open("corpus.txt", "w") as f:
    f.write(corpus)


def read_lines(path):
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                yield line


def tokenize(line):
    word = ""
    for ch in line.lower():
        if ch.isalnum():
            word += ch
        else:
            if word:
                yield word
            word = ""
            if not ch.isspace():
                yield ch
    if word:
        yield word


counts = Counter(tok for line in read_lines("corpus.txt") for tok in tokenize(line))
print(counts.most_common(5))
print(len(counts), sum(counts.values()), counts["the"], counts["zebra"])
special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
vocab = OrderedDict((tok, i) for i, tok in enumerate(special))
for tok, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
    if n >= 1:
        vocab[tok] = len(vocab)
print(list(vocab.items())[:8])
print(vocab.keys())
with open("vocab.json", "w") as f:
    json.dump(vocab, f, indent=2)
with open("vocab.txt", "w") as f:
    f.write("\n".join(vocab) + "\n")
with open("vocab.json") as f:
    loaded = json.load(f)
print(loaded == dict(vocab), len(loaded))

by_first = defaultdict(list)
for tok in vocab:
    by_first[tok[0]].append(tok)
print(sorted((k, len(v)) for k, v in by_first.items())[:6])


def encode(text, max_len=12):
    ids = [vocab["[CLS]"]] + [vocab.get(t, vocab["[UNK]"]) for t in tokenize(text)] + [vocab["[SEP]"]]
    ids = ids[:max_len]
    mask = [1] * len(ids) + [0] * (max_len - len(ids))
    return {"input_ids": ids + [vocab["[PAD]"]] * (max_len - len(ids)), "attention_mask": mask}


for sentence in ["The cat sat.", "A zebra sat on the mat!"]:
    enc = encode(sentence)
    print(enc["input_ids"], sum(enc["attention_mask"]))
inverse = {i: t for t, i in vocab.items()}
print(" ".join(inverse[i] for i in encode("Dogs and cats")["input_ids"] if i != 0))
print(counts.most_common()[-3:], (counts + Counter(["new"]))["new"], (counts - Counter({"the": 10}))["the"])
