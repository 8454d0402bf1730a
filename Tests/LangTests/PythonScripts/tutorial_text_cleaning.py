import re
import string
import random
from collections import Counter, defaultdict

random.seed(42)

raw_texts = [
    "I LOVE this movie!!! 😍 http://t.co/abc123 #awesome",
    "@john_doe worst. film. ever... 1/10",
    "It was ok, not great, not terrible.",
    "   Meh.   Could've been better :( ",
    "Absolutely brilliant!!! Would watch again #cinema #love",
]
labels = ["pos", "neg", "neu", "neg", "pos"]

URL_RE = re.compile(r"https?://\S+|www\.\S+")
MENTION_RE = re.compile(r"@\w+")
HASHTAG_RE = re.compile(r"#(\w+)")

def clean(text: str) -> str:
    text = URL_RE.sub("", text)
    text = MENTION_RE.sub("@user", text)
    text = HASHTAG_RE.sub(r"\1", text)
    text = text.lower()
    text = text.translate(str.maketrans("", "", string.punctuation))
    text = re.sub(r"\s+", " ", text).strip()
    return text

cleaned = [clean(t) for t in raw_texts]
for before, after in zip(raw_texts, cleaned):
    print(f"{before!r:60} -> {after!r}")

vocab = Counter(w for t in cleaned for w in t.split())
print(vocab.most_common(5))
print(len(vocab), "unique words")

by_label = defaultdict(list)
for text, label in zip(cleaned, labels):
    by_label[label].append(text)
for label in sorted(by_label):
    print(label, len(by_label[label]), by_label[label][:1])

label2id = {label: i for i, label in enumerate(sorted(set(labels)))}
id2label = {v: k for k, v in label2id.items()}
print(label2id, id2label)

indices = list(range(len(cleaned)))
random.shuffle(indices)
print("shuffled:", indices)
split = int(0.8 * len(indices))
train_idx, test_idx = indices[:split], indices[split:]
print(f"train={len(train_idx)} test={len(test_idx)}")
print(random.random(), random.randint(1, 100), random.choice(labels))
print(random.sample(range(100), 5))
print(string.ascii_lowercase[:5], string.digits, repr(string.whitespace))
print("%-10s|%5d|%8.3f" % ("name", 42, 3.14159))
print("{:>10}|{:<5}|{:^9}|".format("right", "left", "mid"))
print("{0} {1} {0}".format("a", "b"), "{name}!".format(name="hi"))
counts = Counter(labels)
total = sum(counts.values())
for label, n in counts.most_common():
    print(f"{label:<5} {n:>3} {n / total:6.1%}")
print(counts)
print(dict(counts))
print(counts["missing"], counts + Counter(pos=1), counts - Counter(neg=5))
