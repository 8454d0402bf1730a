# A training config as nested dataclasses, saved as json and reloaded; a log file written with logging;
# metric history summarised with statistics (what a newcomer's train.py does around Trainer).
import json
import logging
import math
import statistics
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path


@dataclass
class LoraSettings:
    r: int = 8
    alpha: int = 16
    dropout: float = 0.05
    target_modules: list = field(default_factory=lambda: ["q_proj", "v_proj"])

    @property
    def scale(self):
        return self.alpha / self.r


@dataclass
class TrainConfig:
    model_name: str = "distilbert-base-uncased"
    epochs: int = 3
    learning_rate: float = 2e-4
    batch_size: int = 16
    lora: LoraSettings = field(default_factory=LoraSettings)
    tags: tuple = ("sentiment", "lora")

    def to_json(self, path):
        Path(path).write_text(json.dumps(asdict(self), indent=2))

    @classmethod
    def from_json(cls, path):
        data = json.loads(Path(path).read_text())
        data["lora"] = LoraSettings(**data["lora"])
        data["tags"] = tuple(data["tags"])
        return cls(**data)


config = TrainConfig(epochs=2, lora=LoraSettings(r=4, alpha=8))
config.to_json("config.json")
again = TrainConfig.from_json("config.json")
print(again == config, again.lora.scale, [f.name for f in fields(TrainConfig)])
print(Path("config.json").read_text().splitlines()[:4])

log = logging.getLogger("train")
log.setLevel(logging.DEBUG)
handler = logging.FileHandler("train.log", mode="w")
handler.setFormatter(logging.Formatter("%(levelname)s | %(name)s | %(message)s"))
log.addHandler(handler)
log.propagate = False

losses = []
for step in range(1, 13):
    loss = 2.0 * math.exp(-step / 5) + 0.05 * (step % 3)
    losses.append(round(loss, 4))
    if step % 4 == 0:
        log.info("step %d loss %.4f lr %.2e", step, loss, config.learning_rate * (1 - step / 12))
    if loss < 0.5:
        log.warning("loss below 0.5 at step %d", step)
log.debug("done")
handler.close()
print(Path("train.log").read_text(), end="")
print(min(losses), max(losses), round(statistics.mean(losses), 4), round(statistics.median(losses), 4), round(statistics.stdev(losses), 4))
window = 4
smoothed = [round(sum(losses[i - window:i]) / window, 4) for i in range(window, len(losses) + 1)]
print(smoothed)
best = min(range(len(losses)), key=losses.__getitem__)
print(f"best step {best + 1}: {losses[best]:.4f}; improved {losses[0] / losses[best]:.1f}x")
