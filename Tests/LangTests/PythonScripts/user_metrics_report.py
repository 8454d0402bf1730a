"""Evaluation helpers: a confusion matrix class, per-class metrics, an Enum of splits, formatted tables."""
from enum import Enum, IntEnum
from functools import total_ordering


class Split(str, Enum):
    TRAIN = "train"
    VALIDATION = "validation"
    TEST = "test"


class Label(IntEnum):
    NEG = 0
    POS = 1


@total_ordering
class Score:
    def __init__(self, name, value):
        self.name, self.value = name, value

    def __eq__(self, other):
        return self.value == other.value

    def __lt__(self, other):
        return self.value < other.value

    def __repr__(self):
        return f"Score({self.name!r}, {self.value:.3f})"


class ConfusionMatrix:
    def __init__(self, labels):
        self.labels = list(labels)
        self.counts = {(t, p): 0 for t in self.labels for p in self.labels}

    def add(self, truth, pred):
        self.counts[truth, pred] += 1

    def precision(self, label):
        predicted = sum(self.counts[t, label] for t in self.labels)
        return self.counts[label, label] / predicted if predicted else 0.0

    def recall(self, label):
        actual = sum(self.counts[label, p] for p in self.labels)
        return self.counts[label, label] / actual if actual else 0.0

    def f1(self, label):
        p, r = self.precision(label), self.recall(label)
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self):
        width = max(len(l.name) for l in self.labels) + 2
        head = " " * width + "".join(f"{l.name:>{width}}" for l in self.labels)
        rows = [head]
        for t in self.labels:
            rows.append(f"{t.name:<{width}}" + "".join(f"{self.counts[t, p]:>{width}d}" for p in self.labels))
        return "\n".join(rows)


truth = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1]
preds = [1, 0, 0, 1, 0, 1, 1, 0, 1, 0]
cm = ConfusionMatrix(Label)
for t, p in zip(truth, preds):
    cm.add(Label(t), Label(p))
print(cm)
scores = []
for label in Label:
    s = Score(f"f1_{label.name.lower()}", cm.f1(label))
    scores.append(s)
    print(f"{label.name:<4} p={cm.precision(label):.3f} r={cm.recall(label):.3f} f1={cm.f1(label):.3f}")
print(max(scores), sorted(scores), scores[0] <= scores[1])
accuracy = sum(t == p for t, p in zip(truth, preds)) / len(truth)
print(f"accuracy {accuracy:.1%}  macro-f1 {sum(s.value for s in scores) / len(scores):.4f}")
for split in Split:
    print(split.value, split.name, split == "test", f"{split.value:>12}|")
print(Label.POS + 1, Label.POS == 1, Label(0).name, [10, 20][Label.POS], sorted([Label.POS, Label.NEG]))
print(repr(Label.NEG), isinstance(Label.POS, int), Split.TEST.value.upper())
report = {split.value: {"n": n, "acc": round(a, 3)} for split, n, a in [(Split.TRAIN, 800, 0.91234), (Split.TEST, 200, 0.8765)]}
print(report)
print("%-10s %5s %6s" % ("split", "n", "acc"))
for name, row in report.items():
    print("%-10s %5d %6.2f" % (name, row["n"], row["acc"]))
