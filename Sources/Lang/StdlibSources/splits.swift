// Generated from stdlib/splits.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let splitsSource = ##"""
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
"""##
}
