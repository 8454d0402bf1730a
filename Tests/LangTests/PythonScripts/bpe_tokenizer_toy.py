# A toy byte-pair-encoding tokenizer, the way a tokenization tutorial builds one: Counter, walrus,
# generators, dict comprehensions, sorting with tie-breaking keys, string methods and f-string tables.
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import Enum


class Special(str, Enum):
    PAD = "[PAD]"
    UNK = "[UNK]"
    EOS = "</w>"


CORPUS = """low lower lowest newer newest wider widest
low low lower newest newest newest wider"""


def words(text):
    for match in re.finditer(r"[a-z]+", text.lower()):
        yield match.group()


def get_pairs(vocab):
    pairs = Counter()
    for word, freq in vocab.items():
        symbols = word.split()
        for a, b in zip(symbols, symbols[1:]):
            pairs[a, b] += freq
    return pairs


def merge(pair, vocab):
    pattern = re.compile(r"(?<!\S)" + re.escape(" ".join(pair)) + r"(?!\S)")
    return {pattern.sub("".join(pair), word): freq for word, freq in vocab.items()}


@dataclass
class BPE:
    merges: list = field(default_factory=list)
    vocab: dict = field(default_factory=dict)

    def train(self, text, num_merges):
        counts = Counter(words(text))
        vocab = {" ".join(w) + " " + Special.EOS.value: c for w, c in counts.items()}
        step = 0
        while step < num_merges and (pairs := get_pairs(vocab)):
            best = max(pairs, key=lambda p: (pairs[p], p))
            vocab = merge(best, vocab)
            self.merges.append(best)
            step += 1
            print(f"merge {step:>2}: {best[0]!r:>8} + {best[1]!r:<8} (count {pairs[best]})")
        symbols = sorted({s for w in vocab for s in w.split()}, key=lambda s: (-len(s), s))
        self.vocab = {s: i for i, s in enumerate([Special.PAD.value, Special.UNK.value, *symbols])}
        return self

    def tokenize(self, word):
        symbols = list(word) + [Special.EOS.value]
        ranks = {pair: i for i, pair in enumerate(self.merges)}
        while len(symbols) > 1:
            candidates = [(ranks.get(p, float("inf")), i) for i, p in enumerate(zip(symbols, symbols[1:]))]
            rank, i = min(candidates)
            if rank == float("inf"):
                break
            symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
        return symbols

    def encode(self, text):
        unk = self.vocab[Special.UNK]
        return [self.vocab.get(tok, unk) for w in words(text) for tok in self.tokenize(w)]


bpe = BPE().train(CORPUS, 8)
print(len(bpe.vocab), list(bpe.vocab)[:6])
for word in ["lowest", "newer", "slow", "wid"]:
    print(f"{word:>7} -> {' '.join(bpe.tokenize(word))}")
ids = bpe.encode("newest lower xyz")
print(ids, [k for k, v in sorted(bpe.vocab.items(), key=lambda kv: kv[1]) if v in ids])
inverse = defaultdict(list)
for token, index in bpe.vocab.items():
    inverse[len(token)].append(index)
print(dict(sorted(inverse.items())))
print(Special.EOS, Special.UNK.value, Special("[PAD]").name, Special.PAD == "[PAD]", f"{Special.UNK.value:^9}|")
lengths = Counter(len(bpe.tokenize(w)) for w in words(CORPUS))
print(sorted(lengths.items()), lengths.most_common(1), sum(lengths.values()))
