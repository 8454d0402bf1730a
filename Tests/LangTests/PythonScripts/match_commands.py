# Structural pattern matching and the walrus operator, the way a tutorial writes a tiny command parser.
from dataclasses import dataclass
from enum import Enum, auto


class Op(Enum):
    ADD = auto()
    REMOVE = auto()
    LIST = auto()


@dataclass
class Point:
    x: int
    y: int


class Circle:
    __match_args__ = ("center", "radius")

    def __init__(self, center, radius):
        self.center = center
        self.radius = radius


def parse(command):
    match command.split():
        case []:
            return "empty"
        case ["quit" | "exit"]:
            return "bye"
        case ["add", name]:
            return f"add one: {name}"
        case ["add", first, *others] if others:
            return f"add {first} and {len(others)} more: {others}"
        case ["go", ("north" | "south") as direction]:
            return f"going {direction}"
        case [verb, *_]:
            return f"unknown verb {verb!r}"


for line in ["", "quit", "exit", "add milk", "add eggs flour sugar", "go north", "go west", "dance now please"]:
    print(f"{line!r:24} -> {parse(line)}")


def describe(value):
    match value:
        case None:
            return "nothing"
        case True | False:
            return f"a bool {value}"
        case 0:
            return "zero"
        case int(n) if n < 0:
            return f"negative int {n}"
        case int() | float() as number:
            return f"number {number}"
        case "":
            return "empty string"
        case str() as text if len(text) > 10:
            return f"long text ({len(text)} chars)"
        case str(text):
            return f"text {text!r}"
        case (a, b):
            return f"pair {a}, {b}"
        case [first, *middle, last]:
            return f"sequence {first}..{last} with {len(middle)} inside"
        case {"type": "user", "name": str(name), **rest}:
            return f"user {name} with extra {sorted(rest)}"
        case {"type": kind}:
            return f"record of type {kind}"
        case Point(x=0, y=0):
            return "the origin"
        case Point(x, 0):
            return f"on the x axis at {x}"
        case Point(x=px, y=py) if px == py:
            return f"diagonal point {px}"
        case Point():
            return f"some point {value}"
        case Circle(Point(x=cx, y=cy), r):
            return f"circle at ({cx}, {cy}) radius {r}"
        case Op.ADD:
            return "the ADD operation"
        case Op():
            return f"another op: {value.name}"
        case _:
            return f"something else: {type(value).__name__}"


samples = [None, True, 0, -5, 7, 2.5, "", "hello", "a rather long sentence", (1, 2), [1, 2, 3, 4],
           {"type": "user", "name": "ada", "age": 36, "lang": "py"}, {"type": "event"}, {"type": 3, "x": 1},
           Point(0, 0), Point(4, 0), Point(3, 3), Point(1, 2), Circle(Point(1, 1), 5), Op.ADD, Op.LIST, {1, 2}]
for sample in samples:
    print(describe(sample))

# walrus in while loops, comprehensions and conditions
data = [3, 8, 1, 9, 4, 12, 7]
chunks = iter(data)
total = 0
while (item := next(chunks, None)) is not None:
    total += item
print("total", total, "last item", item)

scores = {"ann": 0.91, "bob": 0.42, "cid": 0.77}
if (best := max(scores, key=scores.get)) and (value := scores[best]) > 0.9:
    print(f"best is {best} with {value:.2f}")

values = [y for x in data if (y := x * x) > 20]
print(values, "y leaks out of the comprehension:", y)

def first_long(words, limit):
    if any((found := w) and len(w) > limit for w in words):
        return found
    return None

print(first_long(["a", "bb", "cccc", "dd"], 3), first_long(["a"], 3))

import re
for text in ["order 66 shipped", "no numbers here", "ids 7 and 8"]:
    if (m := re.search(r"\d+", text)) is not None:
        print(f"{text!r}: first number {m.group()} at {m.start()}")
    else:
        print(f"{text!r}: none")

print([(n, half) for n in range(6) if (half := n // 2) % 2 == 0])
print(f"{(z := 10) * 2} and z={z}")
