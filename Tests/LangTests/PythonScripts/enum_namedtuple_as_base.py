# IntEnum members act as ints, StrEnum/str-Enum members as strs, named tuples as tuples (as CPython treats them)
from collections import namedtuple
from enum import Enum, IntEnum
from typing import NamedTuple


class Label(IntEnum):
    NEG = 0
    NEU = 1
    POS = 2


class Split(str, Enum):
    TRAIN = "train"
    TEST = "test"


print(Label.POS + 1, Label.POS * 2, Label.POS - Label.NEU, Label.POS / 2, Label.POS // 2, Label.POS % 2, -Label.POS, Label.POS ** 2)
print(Label.POS == 2, Label.NEU < Label.POS, Label.POS > 1, 1 <= Label.NEU, sorted([Label.POS, 0, Label.NEU]), max(Label), min([Label.POS, Label.NEU]))
print(sum([Label.POS, Label.NEU]), int(Label.POS), float(Label.NEU), ["a", "b", "c"][Label.POS], "xyz"[Label.NEU:], hash(Label.POS) == hash(2))
print(f"{Label.POS}", str(Label.POS), repr(Label.POS), [Label.NEG], {Label.NEU: "n"}, {1: "one"}[Label.NEU], Label(1), Label.POS.value, Label.POS.name)
print(f"{Label.POS:>4}|{Label.POS:d}|{Label.POS:.1f}", "%d %s" % (Label.POS, Label.NEU), isinstance(Label.POS, int), Label.POS & 3, Label.POS << 1)
print(Split.TRAIN == "train", Split.TRAIN.upper(), Split.TRAIN + "-set", "data/" + Split.TEST, Split.TEST in ["test"], {"train": 1}[Split.TRAIN])
print(sorted([Split.TRAIN, Split.TEST]), Split.TRAIN.value, repr(Split.TRAIN), len(Split.TRAIN), Split.TRAIN[0], Split.TRAIN.startswith("tr"), isinstance(Split.TEST, str))
print(f"{Split.TRAIN.value}", "-".join([Split.TRAIN.value, Split.TEST.value]), Split("test"))

Point = namedtuple("Point", ["x", "y"])


class Example(NamedTuple):
    text: str
    label: int = 0


p = Point(1, 2)
q = Point(x=3, y=4)
print(p, q, p + q, p + (9,), (0,) + p, p * 2, p[0], p[-1], p[:1], p[::-1], len(p), list(p), tuple(p), sum(p))
print(p == (1, 2), p < q, sorted([q, p]), max([p, q]), min(p), p.x, p._fields, p._asdict(), p._replace(x=10), Point._make([5, 6]))
x, y = p
print(x, y, [Point(1, 2), Point(3, 4)], {p: "origin"}[(1, 2)], (1, 2) in {p}, p.count(1), p.index(2), isinstance(p, tuple), type(p).__name__)
e = Example("great movie", 1)
print(e, e._replace(label=0), e._asdict(), Example._fields, Example("meh"), e[0], e.text, len(e), e + ("extra",), sorted([Example("b"), Example("a")]))
print("%s scored %d" % e, "{} / {}".format(*e), dict(zip(e._fields, e)), [*p, *e])
