# A text-classification data pipeline in a temporary folder: write raw tweets, clean them with regex in
# a generator, split, write JSON lines and CSV, read everything back and report with f-strings.
import csv
import json
import os
import re
import tempfile
from collections import Counter
from pathlib import Path

RAW = """@user I LOVE this phone!!! http://t.co/x1 #happy
worst service ever... never again :( #fail
@shop okay-ish delivery, 3/5
Absolutely   amazing camera 😍 https://example.com/p?id=9
meh. #neutral
I hate waiting 2 hours for support!!!"""

LABELS = {"love": "positive", "amazing": "positive", "worst": "negative", "hate": "negative"}
URL = re.compile(r"https?://\S+")
MENTION = re.compile(r"@\w+")
HASHTAG = re.compile(r"#(\w+)")


def clean(lines):
    for number, line in enumerate(lines, start=1):
        tags = HASHTAG.findall(line)
        text = HASHTAG.sub("", MENTION.sub("", URL.sub("", line)))
        text = re.sub(r"\s+", " ", text).strip().lower()
        if not (text := text.strip(" .")):
            continue
        label = next((lab for word, lab in LABELS.items() if word in text), "neutral")
        yield {"id": number, "text": text, "tags": tags, "label": label}


with tempfile.TemporaryDirectory() as tmp:
    raw_path = os.path.join(tmp, "raw.txt")
    with open(raw_path, "w", encoding="utf-8") as f:
        f.write(RAW + "\n")
    with open(raw_path, encoding="utf-8") as f:
        rows = list(clean(line.rstrip("\n") for line in f))

    jsonl = Path(tmp) / "clean.jsonl"
    with jsonl.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")

    csv_path = Path(tmp, "clean.csv")
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "label", "text", "tags"])
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "tags": "|".join(row["tags"])})

    print(sorted(p.name for p in Path(tmp).iterdir()))
    print(csv_path.read_text(encoding="utf-8").splitlines()[:3])
    with open(jsonl, encoding="utf-8") as f:
        loaded = [json.loads(line) for line in f if line.strip()]
    with open(csv_path, newline="", encoding="utf-8") as f:
        from_csv = list(csv.DictReader(f))
    print(loaded == rows, [r["id"] for r in from_csv], from_csv[0])
    size = os.path.getsize(jsonl)
    print(f"jsonl has {len(loaded)} rows", size > 100)
    existed = os.path.isdir(tmp)
print("folder removed:", existed and not os.path.exists(tmp))

counts = Counter(r["label"] for r in rows)
width = max(len(label) for label in counts)
for label, count in counts.most_common():
    bar = "#" * (count * 4)
    print(f"{label:<{width}} {count:>2} {bar} {count / len(rows):6.1%}")

all_tags = sorted({t.lower() for r in rows for t in r["tags"]})
print(all_tags, sum(len(r["text"].split()) for r in rows))
longest = max(rows, key=lambda r: len(r["text"]))
print(f"longest: #{longest['id']} {longest['text'][:20]!r}... ({len(longest['text'])} chars)")
