"""Build a vocabulary and a toy tokenizer with classes, properties, class methods and special methods."""
import re
import unicodedata
from collections import Counter


class Vocab:
    SPECIALS = ("<pad>", "<unk>", "<bos>", "<eos>")

    def __init__(self, counter, min_freq=1, max_size=None):
        self.itos = list(self.SPECIALS)
        for word, freq in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            if freq < min_freq or (max_size and len(self.itos) >= max_size):
                break
            self.itos.append(word)
        self.stoi = {w: i for i, w in enumerate(self.itos)}

    @classmethod
    def from_texts(cls, texts, **kwargs):
        return cls(Counter(tok for t in texts for tok in Tokenizer.split(t)), **kwargs)

    @property
    def unk_id(self):
        return self.stoi["<unk>"]

    def __len__(self):
        return len(self.itos)

    def __contains__(self, word):
        return word in self.stoi

    def __getitem__(self, word):
        return self.stoi.get(word, self.unk_id)

    def __iter__(self):
        return iter(self.itos)

    def __repr__(self):
        return f"Vocab(size={len(self)}, specials={len(self.SPECIALS)})"


class Tokenizer:
    PATTERN = re.compile(r"\w+|[^\w\s]")

    def __init__(self, vocab, max_length=8):
        self.vocab = vocab
        self.max_length = max_length

    @staticmethod
    def split(text):
        text = unicodedata.normalize("NFKC", text).lower()
        return Tokenizer.PATTERN.findall(text)

    def encode(self, text, *, pad=True):
        ids = [self.vocab["<bos>"]] + [self.vocab[t] for t in self.split(text)] + [self.vocab["<eos>"]]
        ids = ids[: self.max_length]
        mask = [1] * len(ids)
        if pad:
            missing = self.max_length - len(ids)
            ids += [self.vocab["<pad>"]] * missing
            mask += [0] * missing
        return {"input_ids": ids, "attention_mask": mask}

    def decode(self, ids, skip_special=True):
        words = [self.vocab.itos[i] for i in ids]
        if skip_special:
            words = [w for w in words if w not in Vocab.SPECIALS]
        return " ".join(words)


texts = ["The cat sat on the mat.", "The dog sat!", "A cat, a dog — friends.", "Ｆｕｌｌ-width text"]
vocab = Vocab.from_texts(texts, min_freq=1, max_size=20)
print(vocab, len(vocab), "cat" in vocab, "zebra" in vocab, vocab["zebra"] == vocab.unk_id)
print(list(vocab)[:10])
tok = Tokenizer(vocab)
for text in texts[:2] + ["Unknown words here"]:
    enc = tok.encode(text)
    print(enc["input_ids"], sum(enc["attention_mask"]), repr(tok.decode(enc["input_ids"])))
print(tok.encode("cat", pad=False))
print(Tokenizer.split(texts[3]), sorted(vocab.stoi.items(), key=lambda kv: kv[1])[4:7])
try:
    tok.encode("x", False)
except TypeError as error:
    print("TypeError:", error)
