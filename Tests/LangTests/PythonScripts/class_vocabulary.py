# A class-based vocabulary, the way a tokenizer tutorial writes one.
class Vocabulary:
    """Maps tokens to ids and back."""
    PAD = "<pad>"
    UNK = "<unk>"

    def __init__(self, min_count=1):
        self.min_count = min_count
        self.token_to_id = {self.PAD: 0, self.UNK: 1}
        self.id_to_token = [self.PAD, self.UNK]
        self.counts = {}

    def add_sentence(self, sentence):
        for token in sentence.lower().split():
            self.counts[token] = self.counts.get(token, 0) + 1

    def build(self):
        for token, count in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if count >= self.min_count and token not in self.token_to_id:
                self.token_to_id[token] = len(self.id_to_token)
                self.id_to_token.append(token)
        return self

    def encode(self, sentence, max_length=None):
        ids = [self.token_to_id.get(t, self.token_to_id[self.UNK]) for t in sentence.lower().split()]
        if max_length is not None:
            ids = ids[:max_length] + [0] * (max_length - len(ids))
        return ids

    def decode(self, ids):
        return " ".join(self.id_to_token[i] for i in ids if i != 0)

    def __len__(self):
        return len(self.id_to_token)

    def __contains__(self, token):
        return token in self.token_to_id

    def __getitem__(self, token):
        return self.token_to_id.get(token, 1)

    def __iter__(self):
        return iter(self.id_to_token)

    def __repr__(self):
        return f"Vocabulary(size={len(self)}, min_count={self.min_count})"


corpus = ["the movie was great", "the plot was thin", "great acting and a great score", "I loved the movie"]
vocab = Vocabulary(min_count=1)
for line in corpus:
    vocab.add_sentence(line)
vocab.build()
print(vocab)
print(len(vocab), "great" in vocab, "awful" in vocab)
print(vocab["the"], vocab["awful"])
print(vocab.encode("the great movie", max_length=5))
print(vocab.decode(vocab.encode("the great movie was awful")))
print(list(vocab)[:6])
print(Vocabulary.__doc__)
print(Vocabulary.PAD, vocab.UNK)
strict = Vocabulary(min_count=2)
for line in corpus:
    strict.add_sentence(line)
print(strict.build().id_to_token)
print(type(vocab).__name__, isinstance(vocab, Vocabulary), isinstance(vocab, object))
