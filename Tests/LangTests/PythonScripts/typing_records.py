# Typed records: typing.NamedTuple with defaults, TypedDict, Optional/Literal/Union annotations,
# Generic containers and Protocol bases, used the way annotated tutorial code does.
from typing import NamedTuple, TypedDict, Optional, Literal, Union, List, Dict, Generic, TypeVar, Protocol, Iterator

T = TypeVar("T")
Mode = Literal["train", "eval"]


class Example(NamedTuple):
    text: str
    label: int
    weight: float = 1.0


class Metrics(TypedDict):
    accuracy: float
    f1: float


class Stack(Generic[T]):
    def __init__(self) -> None:
        self._items: List[T] = []

    def push(self, item: T) -> None:
        self._items.append(item)

    def pop(self) -> T:
        return self._items.pop()

    def __len__(self) -> int:
        return len(self._items)


class Scorer(Protocol):
    def score(self, text: str) -> float: ...


class LengthScorer:
    def score(self, text: str) -> float:
        return len(text) / 10


def evaluate(examples: List[Example], scorer: Scorer, mode: Mode = "eval") -> Metrics:
    correct = sum(1 for e in examples if (scorer.score(e.text) > 0.5) == bool(e.label))
    accuracy = correct / len(examples)
    return Metrics(accuracy=accuracy, f1=round(accuracy * 0.9, 3))


def find(examples: List[Example], label: int) -> Optional[Example]:
    for e in examples:
        if e.label == label:
            return e
    return None


examples = [Example("great movie", 1), Example("bad", 0, 2.0), Example("terrible film", 0), Example("ok fine", 1, 0.5)]
first = examples[0]
print(first, first.text, first[1], first.weight, len(first))
print(first._asdict(), first._replace(label=0), Example._fields, Example._field_defaults)
text, label, weight = examples[1]
print(text, label, weight, list(examples[2]), examples[3] == ("ok fine", 1, 0.5), Example._make(["x", 1, 3.0]))
print(sorted(examples, key=lambda e: (e.weight, e.text))[0].text, max(examples, key=lambda e: len(e.text)).text)
print({e.text: e.label for e in examples if e.weight >= 1})
print(find(examples, 0), find(examples, 5))

metrics = evaluate(examples, LengthScorer())
print(metrics, type(metrics).__name__, metrics["accuracy"], sorted(metrics))
m2: Metrics = {"accuracy": 1.0, "f1": 1.0}
print(m2 | {"f1": 0.5})

stack: Stack[int] = Stack()
for n in range(4):
    stack.push(n * n)
print(len(stack), stack.pop(), stack.pop(), len(stack))

scores: Dict[str, Union[int, float]] = {"a": 1, "b": 2.5}
print(scores, isinstance(first, Example))
try:
    Example("only text")
except TypeError as error:
    print("TypeError:", error)

for e in examples:
    match e:
        case Example(text, 1, w) if w < 1:
            print(f"light positive {text!r}")
        case Example(text=t, label=0):
            print(f"negative {t!r}")
        case Example(text=t):
            print(f"positive {t!r}")


def tokens(texts: List[str]) -> Iterator[str]:
    for t in texts:
        yield from t.split()


print(list(tokens([e.text for e in examples])))
