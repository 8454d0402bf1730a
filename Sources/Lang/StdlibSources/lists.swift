// Generated from stdlib/lists.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let listsSource = ##"""
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
"""##
}
