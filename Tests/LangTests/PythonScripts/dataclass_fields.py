# dataclasses: generated __init__/__repr__/__eq__, field(default_factory=...), asdict, ordering, frozen.
from dataclasses import dataclass, field, asdict, astuple, fields, replace, is_dataclass


@dataclass
class TrainingConfig:
    model_name: str
    learning_rate: float = 2e-5
    epochs: int = 3
    target_modules: list = field(default_factory=lambda: ["q_proj", "v_proj"])
    extra: dict = field(default_factory=dict)


config = TrainingConfig("minilm")
print(config)
print(config.learning_rate, config.target_modules)
other = TrainingConfig("minilm", epochs=3)
print(config == other, config == TrainingConfig("minilm", 1e-4), config is other)
config.target_modules.append("k_proj")
print(other.target_modules, config.target_modules)
print(asdict(config))
print(astuple(TrainingConfig("x", extra={"a": [1]})))
print([f.name for f in fields(TrainingConfig)], is_dataclass(config), is_dataclass(TrainingConfig), is_dataclass(3))
print(replace(config, epochs=10).epochs, config.epochs)


@dataclass
class Example:
    text: str
    label: int
    score: float = 0.0

    def __post_init__(self):
        self.text = self.text.strip()
        self.length = len(self.text.split())

    @property
    def is_positive(self):
        return self.label == 1


examples = [Example("  great movie ", 1), Example("boring plot", 0, 0.25)]
print(examples)
print([e.length for e in examples], [e.is_positive for e in examples])


@dataclass(order=True)
class Checkpoint:
    loss: float
    step: int
    path: str = field(default="", compare=False)


ckpts = [Checkpoint(0.5, 100, "a"), Checkpoint(0.3, 200, "b"), Checkpoint(0.3, 150, "c")]
print(min(ckpts), sorted(ckpts)[0].path, Checkpoint(0.3, 1, "x") == Checkpoint(0.3, 1, "y"))


@dataclass(frozen=True)
class Point:
    x: int
    y: int = 0


p = Point(1, 2)
print(p, hash(p) == hash(Point(1, 2)), {p: "here"}[Point(1, 2)])
try:
    p.x = 5
except AttributeError as e:
    print(type(e).__name__, e)


@dataclass
class Batch:
    examples: list = field(default_factory=list)
    nested: Point = field(default_factory=lambda: Point(0))

    def add(self, example):
        self.examples.append(example)
        return self


b = Batch().add(Example("hi there", 1))
print(asdict(b))
try:
    TrainingConfig()
except TypeError as e:
    print("TypeError:", e)
try:
    TrainingConfig("m", unknown=1)
except TypeError as e:
    print("TypeError:", e)
try:
    @dataclass
    class Bad:
        items: list = []
except ValueError as e:
    print("ValueError:", e)
try:
    {Example("a", 1)}
except TypeError as e:
    print("TypeError:", e)


@dataclass
class Child(Example):
    source: str = "web"


print(Child("  x y ", 0))
