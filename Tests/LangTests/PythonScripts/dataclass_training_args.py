from dataclasses import dataclass, field, asdict, replace, fields
from typing import List, Optional, Dict
import json

@dataclass
class ModelArguments:
    model_name_or_path: str = "distilbert-base-uncased"
    cache_dir: Optional[str] = None
    use_fast_tokenizer: bool = True

@dataclass
class LoraArguments:
    lora_r: int = 8
    lora_alpha: int = 16
    lora_dropout: float = 0.05
    target_modules: List[str] = field(default_factory=lambda: ["q_proj", "v_proj"])

    @property
    def scaling(self) -> float:
        return self.lora_alpha / self.lora_r

@dataclass(frozen=True)
class Point:
    x: float
    y: float = 0.0

@dataclass(order=True)
class Score:
    value: float
    name: str = field(compare=False)

@dataclass
class TrainConfig:
    lr: float = 2e-4
    epochs: int = 3
    extra: Dict[str, int] = field(default_factory=dict)
    seed: int = field(default=42, repr=False)

    def __post_init__(self):
        if self.lr <= 0:
            raise ValueError(f"lr must be positive, got {self.lr}")

m = ModelArguments()
l = LoraArguments(lora_r=16)
print(m)
print(l)
print(l.scaling)
print(asdict(l))
print(json.dumps(asdict(l), indent=2))
l2 = replace(l, lora_alpha=64)
print(l2, l2.scaling)
print(l == LoraArguments(lora_r=16), l == l2)
print([f.name for f in fields(LoraArguments)])
p = Point(1.5)
print(p, hash(p) == hash(Point(1.5, 0.0)))
try:
    p.x = 3
except Exception as e:
    print(type(e).__name__, e)
scores = [Score(0.9, "b"), Score(0.1, "a"), Score(0.5, "c")]
print(sorted(scores))
print(max(scores).name)
c = TrainConfig(extra={"warmup": 10})
print(c)
try:
    TrainConfig(lr=-1)
except ValueError as e:
    print("error:", e)
a = LoraArguments()
b = LoraArguments()
a.target_modules.append("k_proj")
print(a.target_modules, b.target_modules)
try:
    ModelArguments(foo=1)
except TypeError as e:
    print("TypeError:", e)
