# Enums as tutorials use them: labels for a classifier, training phases, string options.
from enum import Enum, IntEnum, StrEnum, auto, unique
import json


class Sentiment(Enum):
    NEGATIVE = 0
    NEUTRAL = 1
    POSITIVE = 2

    @property
    def emoji(self):
        return {0: ":(", 1: ":|", 2: ":)"}[self.value]

    @classmethod
    def from_score(cls, score):
        if score < -0.2:
            return cls.NEGATIVE
        if score > 0.2:
            return cls.POSITIVE
        return cls.NEUTRAL

    def describe(self):
        return f"{self.name.lower()} {self.emoji}"


print(Sentiment.POSITIVE)
print(repr(Sentiment.NEUTRAL))
print(Sentiment)
print(list(Sentiment))
print(len(Sentiment), Sentiment(2), Sentiment["NEGATIVE"])
print(Sentiment.POSITIVE.name, Sentiment.POSITIVE.value, Sentiment.POSITIVE.emoji)
print([Sentiment.from_score(s).describe() for s in (-0.9, 0.0, 0.5)])
print(Sentiment.POSITIVE in Sentiment, Sentiment.POSITIVE is Sentiment(2), Sentiment.NEUTRAL == 1)
print(type(Sentiment.NEGATIVE), isinstance(Sentiment.NEGATIVE, Sentiment))
id2label = {s.value: s.name for s in Sentiment}
label2id = {s.name: s.value for s in Sentiment}
print(id2label, label2id)
print(json.dumps({"labels": [s.name for s in Sentiment]}))
print(f"{Sentiment.POSITIVE}|{Sentiment.POSITIVE!r}|{Sentiment.POSITIVE:>20}|")
print(Sentiment.__members__)
print({Sentiment.NEGATIVE: "bad", Sentiment.POSITIVE: "good"}[Sentiment(0)])

try:
    Sentiment(7)
except ValueError as error:
    print("ValueError:", error)
try:
    Sentiment["MIXED"]
except KeyError as error:
    print("KeyError:", error)


class Phase(Enum):
    TRAIN = auto()
    EVAL = auto()
    PREDICT = auto()


print([(p.name, p.value) for p in Phase])


class Priority(IntEnum):
    LOW = 1
    MEDIUM = 5
    HIGH = 10


print(Priority.HIGH, repr(Priority.LOW), f"{Priority.MEDIUM}", str(Priority.LOW))
print(Priority.LOW < Priority.HIGH, Priority.MEDIUM == 5, Priority.HIGH + 1, Priority.HIGH * 2)
print(sorted([Priority.HIGH, Priority.LOW, Priority.MEDIUM]))
print(max(Priority), min(Priority).name, Priority(5).name)
print(["zero", "one", "two"][Priority.LOW])


class Split(StrEnum):
    TRAIN = auto()
    VALIDATION = auto()
    TEST = "test_set"


print(Split.TRAIN, repr(Split.VALIDATION), Split.TEST, f"{Split.TRAIN}.jsonl")
print(Split.TRAIN == "train", Split.TEST.upper(), [s.value for s in Split])
print("data/" + Split.TRAIN, Split("validation") is Split.VALIDATION)


class Device(str, Enum):
    CPU = "cpu"
    CUDA = "cuda"


print(Device.CPU, repr(Device.CPU), Device.CPU.value, Device.CPU == "cpu", Device("cuda").name)


class Planet(Enum):
    MERCURY = (3.303e23, 2.4397e6)
    EARTH = (5.976e24, 6.37814e6)

    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius

    @property
    def surface_gravity(self):
        return 6.673e-11 * self.mass / (self.radius * self.radius)


for planet in Planet:
    print(f"{planet.name:8} {planet.value} {planet.surface_gravity:.2f}")


class Shape(Enum):
    SQUARE = 2
    ALIAS_FOR_SQUARE = 2
    CIRCLE = 3


print(list(Shape), Shape.ALIAS_FOR_SQUARE, Shape(2).name)
try:
    @unique
    class Mistake(Enum):
        ONE = 1
        UNO = 1
except ValueError as error:
    print("ValueError:", error)

counts = {}
for s in [Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.POSITIVE]:
    counts[s] = counts.get(s, 0) + 1
print({k.name: v for k, v in counts.items()})
print(sorted(Sentiment, key=lambda s: -s.value))
