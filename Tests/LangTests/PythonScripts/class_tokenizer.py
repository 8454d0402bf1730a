# A small tokenizer class hierarchy with __call__, batching, padding and special tokens.
class BaseTokenizer:
    pad_token = "[PAD]"
    unk_token = "[UNK]"

    def __init__(self, vocab, lowercase=True):
        self.vocab = dict(vocab)
        self.inverse = {i: t for t, i in self.vocab.items()}
        self.lowercase = lowercase

    def split(self, text):
        raise NotImplementedError

    def convert_tokens_to_ids(self, tokens):
        unk = self.vocab[self.unk_token]
        return [self.vocab.get(t, unk) for t in tokens]

    def __call__(self, texts, padding=False, max_length=None):
        single = isinstance(texts, str)
        batch = [texts] if single else list(texts)
        ids = [self.convert_tokens_to_ids(self.split(t)) for t in batch]
        if max_length is not None:
            ids = [row[:max_length] for row in ids]
        if padding:
            width = max(len(row) for row in ids)
            pad = self.vocab[self.pad_token]
            masks = [[1] * len(row) + [0] * (width - len(row)) for row in ids]
            ids = [row + [pad] * (width - len(row)) for row in ids]
        else:
            masks = [[1] * len(row) for row in ids]
        if single:
            return {"input_ids": ids[0], "attention_mask": masks[0]}
        return {"input_ids": ids, "attention_mask": masks}

    def decode(self, ids, skip_special_tokens=False):
        special = {self.vocab[self.pad_token], self.vocab[self.unk_token]}
        return " ".join(self.inverse[i] for i in ids if not (skip_special_tokens and i in special))

    def __repr__(self):
        return f"{type(self).__name__}(vocab_size={len(self.vocab)}, lowercase={self.lowercase})"


class WhitespaceTokenizer(BaseTokenizer):
    def split(self, text):
        return (text.lower() if self.lowercase else text).split()


class CharTokenizer(BaseTokenizer):
    def split(self, text):
        return [c for c in (text.lower() if self.lowercase else text) if not c.isspace()]


words = {"[PAD]": 0, "[UNK]": 1, "the": 2, "movie": 3, "was": 4, "great": 5, "bad": 6}
tok = WhitespaceTokenizer(words)
print(tok)
print(tok("The movie was GREAT"))
enc = tok(["the movie", "the movie was bad indeed"], padding=True)
print(enc["input_ids"])
print(enc["attention_mask"])
print(tok.decode(enc["input_ids"][0]), "|", tok.decode(enc["input_ids"][0], skip_special_tokens=True))
print(tok(["the movie was great"], max_length=2))
chars = CharTokenizer({"[PAD]": 0, "[UNK]": 1, "a": 2, "b": 3}, lowercase=False)
print(chars("ab Ba"), isinstance(chars, BaseTokenizer))
try:
    BaseTokenizer(words)("x")
except NotImplementedError:
    print("BaseTokenizer.split is abstract")
