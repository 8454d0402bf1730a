# Metric classes: a base class with shared logic, subclasses, properties and a registry.
from dataclasses import dataclass, field


class Metric:
    registry = {}

    def __init_subclass_name__(cls):
        return cls.__name__.lower()

    def __init__(self):
        self.reset()

    def reset(self):
        self.preds = []
        self.labels = []

    def update(self, preds, labels):
        self.preds.extend(preds)
        self.labels.extend(labels)
        return self

    def compute(self):
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}(n={len(self.preds)})"

    @classmethod
    def register(cls, metric_class):
        cls.registry[metric_class.__name__.lower()] = metric_class
        return metric_class


@Metric.register
class Accuracy(Metric):
    def compute(self):
        if not self.preds:
            return 0.0
        return sum(p == l for p, l in zip(self.preds, self.labels)) / len(self.preds)


@Metric.register
class F1(Metric):
    def __init__(self, positive=1):
        self.positive = positive
        super().__init__()

    @property
    def counts(self):
        tp = sum(p == self.positive and l == self.positive for p, l in zip(self.preds, self.labels))
        fp = sum(p == self.positive and l != self.positive for p, l in zip(self.preds, self.labels))
        fn = sum(p != self.positive and l == self.positive for p, l in zip(self.preds, self.labels))
        return tp, fp, fn

    def compute(self):
        tp, fp, fn = self.counts
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Report:
    scores: dict = field(default_factory=dict)

    def add(self, name, value):
        self.scores[name] = round(value, 4)

    def best(self):
        return max(self.scores.items(), key=lambda kv: kv[1])


preds = [1, 0, 1, 1, 0, 1, 0, 0]
labels = [1, 0, 0, 1, 0, 1, 1, 0]
report = Report()
for name in sorted(Metric.registry):
    metric = Metric.registry[name]().update(preds[:4], labels[:4]).update(preds[4:], labels[4:])
    print(metric, name, metric.compute())
    report.add(name, metric.compute())
print(report, report.best())
f1 = F1(positive=0).update(preds, labels)
print(f1.counts, round(f1.compute(), 4))
f1.reset()
print(f1, f1.compute())
