# Stratified train/validation split by label, class weights for an imbalanced dataset, and a report table,
# written the way a newcomer prepares data before Trainer (no ML library involved).
import random
from collections import Counter, defaultdict
from enum import IntEnum
from typing import NamedTuple


class Sentiment(IntEnum):
    NEGATIVE = 0
    NEUTRAL = 1
    POSITIVE = 2


class Row(NamedTuple):
    text: str
    label: Sentiment


random.seed(7)
words = ["good", "bad", "fine", "great", "awful", "meh", "love", "hate", "ok"]
rows = []
for i in range(60):
    label = Sentiment.POSITIVE if i % 5 < 3 else (Sentiment.NEGATIVE if i % 5 == 3 else Sentiment.NEUTRAL)
    text = " ".join(random.choice(words) for _ in range(random.randint(2, 6)))
    rows.append(Row(text, label))

by_label = defaultdict(list)
for row in rows:
    by_label[row.label].append(row)
train, valid = [], []
for label in sorted(by_label):
    group = by_label[label]
    random.shuffle(group)
    cut = round(len(group) * 0.8)
    train += group[:cut]
    valid += group[cut:]
random.shuffle(train)

counts = Counter(r.label for r in train)
total = sum(counts.values())
weights = {label: round(total / (len(Sentiment) * n), 4) for label, n in sorted(counts.items())}
print(counts.most_common())
print(weights)
print(f"{'label':<10}{'train':>6}{'valid':>6}{'share':>8}{'weight':>8}")
for label in Sentiment:
    n_train = counts[label]
    n_valid = sum(1 for r in valid if r.label == label)
    print(f"{label.name.lower():<10}{n_train:>6}{n_valid:>6}{n_train / total:>8.1%}{weights[label]:>8.3f}")
lengths = [len(r.text.split()) for r in train]
print(min(lengths), max(lengths), sum(lengths) / len(lengths), sorted(Counter(lengths).items()))
print(train[0], train[0]._asdict(), train[0].label + 0, [int(r.label) for r in valid[:6]])
label2id = {label.name: label.value for label in Sentiment}
id2label = {v: k for k, v in label2id.items()}
print(label2id, id2label, Sentiment(2).name, Sentiment["NEUTRAL"], list(Sentiment)[-1])
