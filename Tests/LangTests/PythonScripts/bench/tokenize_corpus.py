# Tokenise and clean a synthetic corpus with str methods; build a vocabulary dict and a Counter.
from collections import Counter

WORDS = ["The", "model", "loss", "went", "down,", "and", "accuracy", "UP!", "LoRA", "adapters",
         "fine-tune", "tokens;", "quickly.", "Great", "results?", "training", "eval", "batch", "#nlp", "@user"]


def make_corpus(n):
    lines = []
    seed = 12345
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) % 2147483648
        length = 5 + seed % 12
        words = []
        for j in range(length):
            seed = (seed * 1103515245 + 12345) % 2147483648
            words.append(WORDS[(seed >> 8) % len(WORDS)])
        lines.append(" ".join(words))
    return lines


def clean(word):
    word = word.lower().strip(".,;!?")
    if word.startswith("@"):
        return "<user>"
    if word.startswith("#"):
        return word[1:]
    return word


def tokenize(line):
    return [clean(w) for w in line.split() if w]


corpus = make_corpus(20000)
vocab = {}
lengths = 0
for line in corpus:
    tokens = tokenize(line)
    lengths += len(tokens)
    for token in tokens:
        if token not in vocab:
            vocab[token] = len(vocab)
counter = Counter()
for line in corpus:
    counter.update(tokenize(line))
ids = [[vocab[t] for t in tokenize(line)] for line in corpus[:1000]]
print(len(corpus), lengths, len(vocab))
print(sorted(vocab.items())[:5])
print(counter.most_common(5))
print(sum(len(x) for x in ids), ids[0])
