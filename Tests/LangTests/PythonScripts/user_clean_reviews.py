"""Clean a small review dataset before fine-tuning: normalise text, drop duplicates, balance labels."""
import csv
import json
import re
from collections import Counter, defaultdict

RAW = """id,text,label
1,"Great movie!!! Loved it :)",pos
2,"terrible... waste of   time",neg
3,"Great movie!!! Loved it :)",pos
4,"<br />Not bad, not great.",neutral
5,"Visit http://spam.example.com NOW",neg
6,"An absolute masterpiece; 10/10",pos
7,"",neg
8,"meh",neutral
"""

URL = re.compile(r"https?://\S+")
TAG = re.compile(r"<[^>]+>")
SPACES = re.compile(r"\s+")


def clean(text):
    text = TAG.sub(" ", text)
    text = URL.sub("<url>", text)
    text = re.sub(r"([!?.])\1+", r"\1", text)
    return SPACES.sub(" ", text).strip().lower()


with open("reviews.csv", "w", newline="") as f:
    f.write(RAW)

rows, seen, dropped = [], set(), Counter()
with open("reviews.csv", newline="") as f:
    for row in csv.DictReader(f):
        text = clean(row["text"])
        if not text:
            dropped["empty"] += 1
            continue
        if text in seen:
            dropped["duplicate"] += 1
            continue
        seen.add(text)
        rows.append({"id": int(row["id"]), "text": text, "label": row["label"]})

print(f"kept {len(rows)} rows, dropped {dict(dropped)}")
by_label = defaultdict(list)
for row in rows:
    by_label[row["label"]].append(row)
for label, members in sorted(by_label.items()):
    print(f"{label:>8}: {len(members)} {[m['id'] for m in members]}")

label2id = {label: i for i, label in enumerate(sorted(by_label))}
id2label = {i: label for label, i in label2id.items()}
print(label2id, id2label)
print("labels seen:", label2id.keys(), "ids:", list(id2label))
smallest = min(len(v) for v in by_label.values())
balanced = [row for members in by_label.values() for row in members[:smallest]]
print("balanced:", sorted(r["id"] for r in balanced))

with open("clean.jsonl", "w") as out:
    for row in rows:
        out.write(json.dumps({"text": row["text"], "label": label2id[row["label"]]}) + "\n")
with open("clean.jsonl") as f:
    lines = f.read().splitlines()
print(len(lines), lines[0])
lengths = Counter(len(r["text"].split()) for r in rows)
print("length histogram:", sorted(lengths.items()))
vocab = Counter(w for r in rows for w in re.findall(r"[a-z']+", r["text"]))
print(vocab.most_common(4))
common = vocab.keys() & {"great", "movie", "bad", "zzz"}
print(sorted(common), len(vocab), "movie" in vocab.keys())
