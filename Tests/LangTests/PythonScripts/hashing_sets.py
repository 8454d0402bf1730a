# Objects as dict keys and set members: __eq__ with __hash__, frozen dataclasses, identity hashing.
from dataclasses import dataclass


class Token:
    def __init__(self, text, pos):
        self.text = text
        self.pos = pos

    def __eq__(self, other):
        return isinstance(other, Token) and (self.text, self.pos) == (other.text, other.pos)

    def __hash__(self):
        return hash((self.text, self.pos))

    def __repr__(self):
        return f"Token({self.text!r}/{self.pos})"


tokens = [Token("run", "VERB"), Token("run", "NOUN"), Token("run", "VERB"), Token("fast", "ADV")]
unique = set(tokens)
print(len(unique), Token("run", "VERB") in unique, Token("run", "ADJ") in unique)
counts = {}
for t in tokens:
    counts[t] = counts.get(t, 0) + 1
print(counts)
print(counts[Token("run", "VERB")], tokens.count(Token("run", "VERB")), tokens.index(Token("fast", "ADV")))


@dataclass(frozen=True)
class Pair:
    a: int
    b: int


pairs = {Pair(1, 2): "x", Pair(2, 1): "y"}
pairs[Pair(1, 2)] = "z"
print(pairs, Pair(1, 2) == Pair(1, 2), Pair(1, 2) is Pair(1, 2))


class Plain:
    pass


p, q = Plain(), Plain()
s = {p, q, p}
print(len(s), p in s, Plain() in s, p == p, p == q)


class NoHash:
    def __eq__(self, other):
        return True


try:
    {NoHash(): 1}
except TypeError as e:
    print("TypeError:", e)
print(sorted({Token("b", "X"), Token("a", "Y")}, key=lambda t: t.text))
