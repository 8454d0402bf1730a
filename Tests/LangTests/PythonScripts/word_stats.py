from collections import Counter, defaultdict, namedtuple, deque, OrderedDict
import statistics

Example = namedtuple("Example", ["text", "label"])
DATA = [
    Example("the flight was great", "positive"),
    Example("the delay was terrible", "negative"),
    Example("great crew great food", "positive"),
    Example("lost bag and a long delay", "negative"),
    Example("the seat was fine", "neutral"),
]


def vocabulary(examples, min_count=1):
    counts = Counter(word for ex in examples for word in ex.text.split())
    vocab = OrderedDict()
    vocab["<pad>"] = 0
    vocab["<unk>"] = 1
    for word, count in counts.most_common():
        if count >= min_count:
            vocab[word] = len(vocab)
    return counts, vocab


def main():
    counts, vocab = vocabulary(DATA)
    print(counts.most_common(4), len(vocab), list(vocab.items())[:5])
    by_label = defaultdict(list)
    for ex in DATA:
        by_label[ex.label].append(len(ex.text.split()))
    print(dict(by_label), {k: statistics.mean(v) for k, v in sorted(by_label.items())})
    labels = Counter(ex.label for ex in DATA)
    print(labels, labels["positive"] / sum(labels.values()), labels.most_common(1)[0][0])
    window = deque(maxlen=3)
    averages = []
    for loss in [0.9, 0.7, 0.65, 0.5, 0.52, 0.4]:
        window.append(loss)
        averages.append(round(sum(window) / len(window), 4))
    print(averages, window)
    first = DATA[0]
    print(first, first.text, first[1], first._replace(label="neutral"), first._asdict())
    text, label = DATA[1]
    print(text.upper(), label, Example._fields, Example(*["a", "b"]) == Example("a", "b"))
    encoded = [[vocab.get(w, 1) for w in ex.text.split()] for ex in DATA]
    print(encoded[:2], max(len(e) for e in encoded))
    merged = Counter("abca") + Counter("bcd")
    print(merged, merged - Counter("abc"), sorted(merged.elements()))


if __name__ == "__main__":
    main()
