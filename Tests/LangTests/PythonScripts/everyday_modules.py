# Everyday modules: random, statistics, pathlib + csv, typing, copy, pprint, datetime, context managers, generator return values.
import csv, logging, sys, random, statistics, datetime, copy, pprint
from pathlib import Path
from typing import Dict, List, Optional, Tuple
random.seed(0)
data = [random.random() for _ in range(5)]
print([round(x, 3) for x in data], random.choice("abc"), random.sample(range(10), 3))
print(statistics.mean([1, 2, 3, 4]), statistics.median([3, 1, 2]), round(statistics.stdev([1, 2, 3, 4]), 4))
Path("out").mkdir(exist_ok=True)
p = Path("out") / "preds.csv"
with p.open("w", newline="") as f:
    w = csv.writer(f); w.writerow(["id", "pred"]); w.writerows([[1, "pos"], [2, "neg, maybe"]])
print(p.read_text().splitlines(), p.suffix, p.stem, p.exists(), sorted(x.name for x in Path("out").iterdir()))
with open(p) as f:
    rows = list(csv.DictReader(f))
print(rows, rows[0].keys())
def summarize(rows: List[Dict[str, str]], key: str = "pred") -> Tuple[int, Optional[str]]:
    return len(rows), rows[0].get(key) if rows else None
print(summarize(rows), summarize([]))
cfg = {"lr": 1e-4, "layers": [1, 2], "nested": {"a": {"b": list(range(12))}}}
deep = copy.deepcopy(cfg); deep["layers"].append(3)
print(cfg["layers"], deep["layers"])
pprint.pprint(cfg, width=40)
d = datetime.timedelta(seconds=3725)
print(d, d.total_seconds(), datetime.date(2024, 1, 31) + datetime.timedelta(days=1))
class Timer:
    def __enter__(self):
        self.events = ["start"]; return self
    def __exit__(self, *exc):
        self.events.append("stop"); return False
with Timer() as t:
    pass
print(t.events)
def gen():
    total = 0
    while True:
        x = yield total
        if x is None: return total
        total += x
g = gen(); next(g); print(g.send(3), g.send(4))
try:
    g.send(None)
except StopIteration as e:
    print("returned", e.value)
print(sorted([(2, "b"), (1, "z"), (2, "a")]), [*range(3), *"ab"], {**{"a": 1}, "b": 2})
print(f"{'nested ' + str(len(cfg)):*^20}", f"{cfg['lr']!r:>10}", f"{3=}", f"{math_ok if (math_ok := 5) else 0}")
s = "Hello, World"
print(s[::-1], s.find("o"), s.rfind("o"), s.count("l"), s.partition(", "), s.center(16, "-"), s.casefold())
print(int(3.9), int(-3.9), float("  2.5\n"), str(1/3), 10/4, 2**-1, pow(2, 10, 1000), abs(-2.5), max([], default=None))
nums = [5, 3, 8]
nums.sort(reverse=True); print(nums, nums.copy() is nums, list(reversed(nums)), nums * 2, [0] * 3)
print(" ".join(f"{k}={v}" for k, v in sorted({"b": 2, "a": 1}.items())))
