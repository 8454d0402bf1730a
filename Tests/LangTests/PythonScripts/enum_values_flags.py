# Enum members as real values: IntEnum members are ints, StrEnum members are strs, Enum with _value_,
# and Flag/IntFlag combinations.
import json
from enum import Enum, Flag, IntEnum, IntFlag, StrEnum, auto


class Priority(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3


class Split(StrEnum):
    TRAIN = auto()
    VALIDATION = "validation"
    TEST = "test"


print(Priority.LOW + 1, Priority.HIGH * 2, Priority.MEDIUM - Priority.LOW, Priority.HIGH // 2)
print(Priority.LOW < Priority.HIGH, Priority.MEDIUM >= 2, Priority.LOW == 1, max(Priority), sorted([3, Priority.LOW, 2]))
print(["zero", "one", "two", "three"][Priority.HIGH], int(Priority.MEDIUM), float(Priority.LOW), abs(-Priority.HIGH))
print(isinstance(Priority.LOW, int), isinstance(Priority.LOW, Priority), isinstance(Split.TEST, str))
print(json.dumps({"priority": Priority.HIGH, "split": Split.TEST, "all": list(Priority)}))
print(str(Priority.LOW), repr(Priority.LOW), f"{Priority.LOW}", f"{Priority.HIGH:>4}|", "%d" % Priority.MEDIUM)
print({Priority.LOW: "low"}[1], Priority(2), Priority["HIGH"], len(Priority))

print(Split.TRAIN, repr(Split.TRAIN), Split.TEST == "test", Split.TEST.upper(), Split.VALIDATION.startswith("val"))
print(f"{Split.TEST}", f"{Split.TEST:>8}|", Split.TEST + ".jsonl", len(Split.VALIDATION), "-".join(Split))
print(Split("test") is Split.TEST, {"test": 1}[Split.TEST], sorted(Split)[0])


class Planet(Enum):
    MERCURY = (3.303e23, 2.4397e6)
    EARTH = (5.976e24, 6.37814e6)

    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius

    @property
    def gravity(self):
        return 6.673e-11 * self.mass / (self.radius * self.radius)


print(Planet.EARTH.value, round(Planet.EARTH.gravity, 2), Planet.MERCURY.radius)


class Scaled(Enum):
    SMALL = 1
    LARGE = 2

    def __init__(self, factor):
        self._value_ = factor * 100


print(Scaled.SMALL.value, Scaled.LARGE.value, list(Scaled))


class Perm(Flag):
    R = 4
    W = 2
    X = 1


class Color(Flag):
    RED = auto()
    GREEN = auto()
    BLUE = auto()


rw = Perm.R | Perm.W
print(rw, repr(rw), Perm.R in rw, Perm.X in rw, bool(rw), bool(Perm(0)), repr(Perm(0)), str(Perm(0)))
print(list(rw), rw & Perm.R, rw ^ Perm.R, ~Perm.R, Perm(6) is rw, rw.value, rw.name, Perm.R.name)
print([c.value for c in Color], Color.RED | Color.BLUE, list(Color), len(Color))
try:
    Perm(8)
except ValueError as error:
    print("ValueError:", error)


class Mode(IntFlag):
    READ = 1
    WRITE = 2
    EXEC = 4


both = Mode.READ | Mode.WRITE
print(both, repr(both), both == 3, both + 1, isinstance(both, int), Mode.READ | 8, repr(Mode.READ | 8))
print(~Mode.READ, repr(~Mode.READ), Mode.WRITE & 3, repr(Mode.WRITE & 3), f"{both}", format(both, "03d"))
print(Mode(0), repr(Mode(0)), Mode.EXEC in both, json.dumps(both))
