"""A training-config script: argparse, a dataclass config, logging to stdout, and a tiny fake loop."""
import argparse
import logging
import math
import sys
from dataclasses import dataclass, field, asdict
from typing import List, Optional

logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
logger = logging.getLogger("finetune")


@dataclass
class TrainConfig:
    model_name: str = "distilbert-base-uncased"
    learning_rate: float = 5e-5
    epochs: int = 3
    batch_size: int = 16
    warmup_ratio: float = 0.1
    target_modules: List[str] = field(default_factory=lambda: ["q_lin", "v_lin"])
    output_dir: Optional[str] = None

    def __post_init__(self):
        if self.learning_rate <= 0:
            raise ValueError(f"learning_rate must be positive, got {self.learning_rate}")
        if self.output_dir is None:
            self.output_dir = f"runs/{self.model_name.split('/')[-1]}-lr{self.learning_rate:g}"


def parse(argv):
    parser = argparse.ArgumentParser(description="Fine-tune with LoRA")
    parser.add_argument("--lr", type=float, default=5e-5, help="learning rate")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16, dest="batch_size")
    parser.add_argument("--modules", nargs="+", default=["q_lin", "v_lin"])
    parser.add_argument("--dry-run", action="store_true")
    return parser.parse_args(argv)


def schedule(step, total, warmup, base_lr):
    if step < warmup:
        return base_lr * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return base_lr * 0.5 * (1 + math.cos(math.pi * progress))


def main(argv=None):
    args = parse(argv)
    config = TrainConfig(learning_rate=args.lr, epochs=args.epochs, batch_size=args.batch_size,
                         target_modules=args.modules)
    logger.info("config: %s", asdict(config))
    print(config)
    n_examples = 100
    steps_per_epoch = math.ceil(n_examples / config.batch_size)
    total = steps_per_epoch * config.epochs
    warmup = int(total * config.warmup_ratio)
    logger.info("%d steps (%d per epoch), %d warmup", total, steps_per_epoch, warmup)
    loss = 0.9
    for step in range(total):
        lr = schedule(step, total, warmup, config.learning_rate)
        loss *= 0.97
        if step % steps_per_epoch == 0 or step == total - 1:
            print(f"step {step:>3}/{total}  lr={lr:.3e}  loss={loss:.4f}")
    if args.dry_run:
        logger.warning("dry run: nothing saved to %s", config.output_dir)
    try:
        TrainConfig(learning_rate=0)
    except ValueError as error:
        logger.error("bad config: %s", error)
    return 0


if __name__ == "__main__":
    main(["--lr", "2e-4", "--epochs", "2", "--batch-size", "32", "--modules", "query", "value", "--dry-run"])
