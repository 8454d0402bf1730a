// Generated from stdlib/*.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
enum StdlibSources {
    static let modules: [(String, String)] = [
        ("chat", ##"""
"""Chat helpers for causal LMs, written in lorarepl itself: from chat import chat, reply, tokenize_chat.

    history = []
    chat(model, tokenizer, "What is LoRA?", history, system="Answer in one sentence.")
    chat(model, tokenizer, "And QLoRA?", history)      # the model sees the first turn too

A conversation is a list of messages {"role": "system"|"user"|"assistant", "content": text}, the form
tokenizer.apply_chat_template takes.
"""
from transformers import TextStreamer


def reply(model, tokenizer, messages, max_new_tokens=128, do_sample=False, temperature=0.7, top_p=0.9,
          repetition_penalty=1.0, seed=None, stream=False):
    """The assistant's next message for a conversation, as text (the conversation is not changed).

    Greedy by default (the same answer every time); do_sample=True samples with temperature and top_p,
    reproducibly when seed is given. stream=True prints the answer while it is generated.
    """
    if len(messages) == 0:
        raise ValueError("reply() needs at least one message, e.g. [{'role': 'user', 'content': 'Hello'}]")
    prompt = tokenizer.apply_chat_template(messages, tokenize=True, add_generation_prompt=True, return_tensors="pt")
    streamer = TextStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True) if stream else None
    out = model.generate(input_ids=prompt, max_new_tokens=max_new_tokens, do_sample=do_sample, temperature=temperature,
                         top_p=top_p, repetition_penalty=repetition_penalty, seed=seed, streamer=streamer)
    new_tokens = out[0].tolist()[len(prompt[0]):]
    return tokenizer.decode(new_tokens, skip_special_tokens=True).strip()


def chat(model, tokenizer, message, history=None, system=None, max_new_tokens=128, do_sample=False,
         temperature=0.7, top_p=0.9, repetition_penalty=1.0, seed=None):
    """One turn of a conversation: prints the model's answer to message while it is generated.

    Pass the same history list on every turn to keep the conversation going: chat() appends your
    message and the answer to it (read the last answer as history[-1]["content"]). system sets the
    system message of a new conversation. Returns None, so the answer is not printed twice.
    """
    if history is None:
        history = []
    if system is not None and len(history) == 0:
        history.append({"role": "system", "content": system})
    history.append({"role": "user", "content": message})
    answer = reply(model, tokenizer, history, max_new_tokens=max_new_tokens, do_sample=do_sample, temperature=temperature,
                   top_p=top_p, repetition_penalty=repetition_penalty, seed=seed, stream=True)
    history.append({"role": "assistant", "content": answer})


def tokenize_chat(tokenizer, messages, max_length=None):
    """One training conversation as input_ids, attention_mask and labels, for instruction tuning.

    labels equal input_ids on what the assistant says (its answers and their end-of-turn token) and
    -100 everywhere else, so the loss teaches the answers, not the questions. Use it with
    dataset.map(lambda row: tokenize_chat(tokenizer, row["messages"])) and DataCollatorForSeq2Seq.
    """
    enc = tokenizer.apply_chat_template(messages, tokenize=True, return_dict=True, return_assistant_tokens_mask=True,
                                        truncation=max_length is not None, max_length=max_length)
    labels = [token if keep == 1 else -100 for token, keep in zip(enc["input_ids"], enc["assistant_masks"])]
    return {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"], "labels": labels}
"""##),
        ("lists", ##"""
"""Collection helpers written in lorarepl itself: import lists."""


def chunk(items, size):
    """Split items into consecutive lists of at most size items."""
    if size <= 0:
        raise ValueError(f"size must be positive, got {size}")
    return [items[i : i + size] for i in range(0, len(items), size)]


def flatten(nested):
    """One level of nesting removed: [[1, 2], [3]] -> [1, 2, 3]."""
    return [item for group in nested for item in group]


def unique(items):
    """The distinct items, in order of first appearance."""
    seen = []
    result = []
    for item in items:
        if item not in seen:
            seen.append(item)
            result.append(item)
    return result


def counts(items):
    """A dict item -> number of occurrences, in order of first appearance (like collections.Counter)."""
    result = {}
    for item in items:
        result[item] = result.get(item, 0) + 1
    return result


def most_common(items, n=None):
    """(item, count) pairs, most frequent first (ties keep first appearance)."""
    pairs = sorted(counts(items).items(), key=lambda pair: -pair[1])
    return pairs if n is None else pairs[:n]


def group_by(items, key):
    """A dict key(item) -> list of items with that key."""
    groups = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def argmax(values):
    """Index of the largest value (the first one on ties)."""
    if not values:
        raise ValueError("argmax() of an empty sequence")
    best = 0
    for i in range(1, len(values)):
        if values[i] > values[best]:
            best = i
    return best


def argsort(values, reverse=False):
    """Indices that would sort values."""
    return sorted(range(len(values)), key=lambda i: values[i], reverse=reverse)


def mean(values):
    """The arithmetic mean."""
    if not values:
        raise ValueError("mean() of an empty sequence")
    return sum(values) / len(values)
"""##),
        ("splits", ##"""
"""Dataset splitting helpers written in lorarepl itself: import splits."""
import random


def shuffled(items, seed=42):
    """A shuffled copy of items; the same seed always gives the same order."""
    copy = list(items)
    random.seed(seed)
    random.shuffle(copy)
    return copy


def train_test_split(items, test_size=0.2, seed=42, shuffle=True):
    """Split a list into (train, test), like sklearn's train_test_split for one list.

    test_size is a fraction in (0, 1) or a number of items. Rows are shuffled with seed first
    unless shuffle=False.
    """
    n = len(items)
    if isinstance(test_size, float):
        if not 0.0 < test_size < 1.0:
            raise ValueError(f"test_size must be between 0 and 1, got {test_size}")
        n_test = int(-(-n * test_size // 1))
    else:
        n_test = test_size
    if n_test <= 0 or n_test >= n:
        raise ValueError(f"test_size={test_size} leaves an empty split for {n} items")
    rows = shuffled(items, seed) if shuffle else list(items)
    return rows[: n - n_test], rows[n - n_test :]


def stratified_split(items, labels, test_size=0.2, seed=42):
    """Split (items, labels) into train and test keeping each label's proportion.

    Returns (train_items, test_items, train_labels, test_labels).
    """
    if len(items) != len(labels):
        raise ValueError(f"items and labels differ in length: {len(items)} != {len(labels)}")
    by_label = {}
    for item, label in zip(items, labels):
        by_label.setdefault(label, []).append(item)
    train_x, test_x, train_y, test_y = [], [], [], []
    for label, group in by_label.items():
        rows = shuffled(group, seed)
        n_test = max(1, round(len(rows) * test_size)) if len(rows) > 1 else 0
        for row in rows[: len(rows) - n_test]:
            train_x.append(row)
            train_y.append(label)
        for row in rows[len(rows) - n_test :]:
            test_x.append(row)
            test_y.append(label)
    return train_x, test_x, train_y, test_y


def k_fold(n, k=5):
    """(train_indices, test_indices) pairs for k-fold cross-validation over range(n)."""
    if not 1 < k <= n:
        raise ValueError(f"k must be between 2 and {n}, got {k}")
    folds = []
    start = 0
    for fold in range(k):
        size = n // k + (1 if fold < n % k else 0)
        test = list(range(start, start + size))
        train = [i for i in range(n) if i < start or i >= start + size]
        folds.append((train, test))
        start += size
    return folds
"""##),
        ("strings", ##"""
"""String helpers written in lorarepl itself: import strings."""


def normalize_whitespace(text):
    """Collapse runs of whitespace into single spaces and trim the ends."""
    return " ".join(text.split())


def truncate(text, width, suffix="..."):
    """Shorten text to at most width characters, ending with suffix when cut."""
    if width < len(suffix):
        raise ValueError(f"width must be at least {len(suffix)}, got {width}")
    if len(text) <= width:
        return text
    return text[: width - len(suffix)] + suffix


def wrap(text, width=70):
    """Split text into lines of at most width characters, breaking between words."""
    lines = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = word if not current else current + " " + word
    if current:
        lines.append(current)
    return lines


def strip_punctuation(text, keep=""):
    """Remove ASCII punctuation (except the characters in keep)."""
    punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    return "".join(c for c in text if c not in punctuation or c in keep)


def word_counts(text, lower=True):
    """A dict word -> count, in order of first appearance."""
    counts = {}
    for word in strip_punctuation(text.lower() if lower else text).split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def table(rows, headers=None):
    """Format rows (lists of values) as an aligned plain-text table."""
    all_rows = [[str(v) for v in row] for row in ([headers] if headers else []) + list(rows)]
    if not all_rows:
        return ""
    widths = [max(len(row[i]) for row in all_rows) for i in range(len(all_rows[0]))]
    lines = [" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in all_rows]
    if headers:
        lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)
"""##),
    ]
}
