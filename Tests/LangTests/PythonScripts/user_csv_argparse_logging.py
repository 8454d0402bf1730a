# argv: --input reviews.csv --max-rows 4 --lowercase
# A train-script skeleton: argparse options, logging to stdout, a dataclass config, csv in and out.
import argparse
import csv
import logging
import sys
from dataclasses import asdict, dataclass, field

logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s", stream=sys.stdout)
logger = logging.getLogger("prep")


@dataclass
class PrepConfig:
    input: str
    output: str = "clean.csv"
    max_rows: int = 100
    lowercase: bool = False
    label_names: list = field(default_factory=lambda: ["negative", "positive"])


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Prepare a review csv for fine-tuning")
    parser.add_argument("--input", required=True, help="csv with text,label columns")
    parser.add_argument("--output", default="clean.csv")
    parser.add_argument("--max-rows", type=int, default=100)
    parser.add_argument("--lowercase", action="store_true")
    return parser.parse_args(argv)


def write_sample(path):
    rows = [("text", "label"), ("Great, fun movie", "1"), ('He said "wow"', "1"), ("Dull;\nslow", "0"), ("", "0"),
            ("Okay-ish", "1"), ("Never again", "0")]
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(rows)


def main():
    args = parse_args()
    config = PrepConfig(input=args.input, output=args.output, max_rows=args.max_rows, lowercase=args.lowercase)
    logger.info("config: %s", asdict(config))
    write_sample(config.input)
    kept, skipped = [], 0
    with open(config.input, newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if i >= config.max_rows:
                logger.warning("stopping at %d rows", config.max_rows)
                break
            text = row["text"].replace("\n", " ").strip()
            if not text:
                skipped += 1
                logger.debug("empty row %d", i)
                continue
            if config.lowercase:
                text = text.lower()
            kept.append({"text": text, "label": int(row["label"]), "label_name": config.label_names[int(row["label"])]})
    logger.info("kept %d rows, skipped %d", len(kept), skipped)
    with open(config.output, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["text", "label", "label_name"])
        writer.writeheader()
        writer.writerows(kept)
    with open(config.output) as f:
        print(f.read(), end="")
    with open(config.output, "rb") as f:
        print(f.read()[:40])
    print(config)


if __name__ == "__main__":
    main()
