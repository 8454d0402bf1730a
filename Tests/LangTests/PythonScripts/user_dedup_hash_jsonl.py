# A newcomer's data-prep step: clean review texts with re, drop duplicates by md5, write train/test jsonl.
import hashlib
import json
import os
import random
import re

raw = [
    {"text": "  This movie was GREAT!!! <br /><br /> Loved it :) http://t.co/xyz ", "label": 1},
    {"text": "this movie was great!!! loved it :)", "label": 1},
    {"text": "Terrible acting... 1/10 @user #fail", "label": 0},
    {"text": "Terrible   acting... 1/10 @user #fail", "label": 0},
    {"text": "Not bad, not good — just okay.", "label": 1},
    {"text": "", "label": 0},
    {"text": "Café scenes were beautiful; plot was thin.", "label": 1},
    {"text": "WORST. FILM. EVER.", "label": 0},
]

URL = re.compile(r"https?://\S+")
HTML = re.compile(r"<[^>]+>")
SPACES = re.compile(r"\s+")


def clean(text):
    text = HTML.sub(" ", text)
    text = URL.sub("", text)
    text = re.sub(r"@\w+", "@user", text)
    text = re.sub(r"([!?.])\1+", r"\1", text)
    return SPACES.sub(" ", text).strip().lower()


def fingerprint(text):
    return hashlib.md5(text.encode("utf-8")).hexdigest()


seen = {}
kept = []
for i, row in enumerate(raw):
    text = clean(row["text"])
    if not text:
        print(f"row {i}: empty after cleaning, skipped")
        continue
    key = fingerprint(text)
    if key in seen:
        print(f"row {i}: duplicate of row {seen[key]} ({key[:8]})")
        continue
    seen[key] = i
    kept.append({"id": key[:12], "text": text, "label": row["label"]})

random.seed(42)
random.shuffle(kept)
cut = int(len(kept) * 0.8)
os.makedirs("data", exist_ok=True)
for name, rows in [("train", kept[:cut]), ("test", kept[cut:])]:
    path = os.path.join("data", f"{name}.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(name, len(rows), "rows ->", path, os.path.getsize(path), "bytes")

with open("data/train.jsonl", "rb") as f:
    digest = hashlib.sha256(f.read()).hexdigest()
print("train sha256:", digest)
with open("data/train.jsonl", encoding="utf-8") as f:
    for line in f:
        record = json.loads(line)
        print(record["id"], record["label"], record["text"])
