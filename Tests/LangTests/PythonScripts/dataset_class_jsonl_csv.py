import json
import csv
import os
from pathlib import Path
from collections import namedtuple, OrderedDict, deque

Example = namedtuple("Example", ["text", "label"])

class TextDataset:
    """A tiny map-style dataset."""
    def __init__(self, examples, max_len=8):
        self.examples = list(examples)
        self.max_len = max_len
        self.vocab = {"[PAD]": 0, "[UNK]": 1}
        for ex in self.examples:
            for tok in ex.text.split():
                self.vocab.setdefault(tok, len(self.vocab))

    def __len__(self):
        return len(self.examples)

    def __getitem__(self, idx):
        ex = self.examples[idx]
        ids = [self.vocab.get(t, 1) for t in ex.text.split()][: self.max_len]
        ids += [0] * (self.max_len - len(ids))
        return {"input_ids": ids, "label": ex.label}

    def __repr__(self):
        return f"{self.__class__.__name__}(n={len(self)}, vocab={len(self.vocab)})"

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

work = Path("work_dir")
work.mkdir(exist_ok=True)
rows = [Example("good movie", 1), Example("bad plot and bad acting", 0), Example("great fun", 1)]
ds = TextDataset(rows)
print(ds, len(ds))
print(ds[1])
print(rows[0], rows[0].text, rows[0]._asdict(), rows[0]._replace(label=5))
print([item["label"] for item in ds])

with open(work / "data.jsonl", "w", encoding="utf-8") as f:
    for ex in rows:
        f.write(json.dumps(ex._asdict()) + "\n")

loaded = []
with open(work / "data.jsonl") as f:
    for line in f:
        loaded.append(json.loads(line))
print(loaded)

with open(os.path.join("work_dir", "data.csv"), "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=["text", "label"])
    writer.writeheader()
    for ex in rows:
        writer.writerow(ex._asdict())
with open("work_dir/data.csv", newline="") as f:
    reader = csv.DictReader(f)
    print(reader.fieldnames)
    for row in reader:
        print(row["text"], int(row["label"]))
print(repr((work / "data.csv").read_text()))
p = work / "sub" / "model.safetensors"
print(p.name, p.stem, p.suffix, p.parent.name, p.parts[-2:], str(p))
print(sorted(x.name for x in work.iterdir()), sorted(str(x) for x in work.glob("*.csv")))
print(os.path.exists("work_dir/data.csv"), os.path.isdir("work_dir"), os.path.splitext("a/b.tar.gz"))
print(os.path.basename("/x/y/z.txt"), os.path.dirname("/x/y/z.txt"), os.path.join("a", "b", "c.txt"))
cfg = OrderedDict(lr=1e-3, epochs=2)
cfg.move_to_end("lr")
print(cfg, list(cfg.keys()))
window = deque(maxlen=3)
for loss in [0.9, 0.8, 0.7, 0.6]:
    window.append(loss)
print(window, sum(window) / len(window))
summary = {"n": len(ds), "vocab_size": len(ds.vocab), "labels": sorted({r.label for r in rows})}
(work / "summary.json").write_text(json.dumps(summary, indent=4, sort_keys=True))
print(json.loads((work / "summary.json").read_text()))
print(json.dumps({"a": 1.0, "b": [1, 2], "c": None, "d": True, "e": "é"}))
print(json.dumps({"e": "é"}, ensure_ascii=False), json.dumps([1, 2], separators=(",", ":")))
try:
    json.loads("{bad json}")
except json.JSONDecodeError as e:
    print("JSONDecodeError:", e)
try:
    open("work_dir/missing.txt")
except FileNotFoundError as e:
    print("FileNotFoundError:", e)
with open(work / "log.txt", "a") as f:
    print("epoch 1", file=f)
    print("epoch", 2, sep=" -> ", end="!\n", file=f)
print(open(work / "log.txt").read().splitlines())
print(open(work / "log.txt").readlines())
