// Generated from stdlib/itertools.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let itertoolsSource = ##"""
"""Iterator building blocks, as in CPython's itertools. Every function is lazy: count(), cycle() and
repeat() are infinite and only produce what is asked for (take a slice with islice).

    list(islice(count(10, 5), 3))          # [10, 15, 20]
    list(combinations("abc", 2))           # [('a', 'b'), ('a', 'c'), ('b', 'c')]
    [(k, len(list(g))) for k, g in groupby("aaabcc")]   # [('a', 3), ('b', 1), ('c', 2)]
"""

_none = object()


def count(start=0, step=1):
    """start, start + step, start + 2*step, ... without end."""
    n = start
    while True:
        yield n
        n += step


def cycle(iterable):
    """The items of iterable, then the same items again, forever."""
    saved = []
    for element in iterable:
        yield element
        saved.append(element)
    while saved:
        for element in saved:
            yield element


def repeat(object, times=None):
    """object again and again (times times, or forever)."""
    if times is None:
        while True:
            yield object
    else:
        for _ in range(times):
            yield object


def accumulate(iterable, func=None, *, initial=None):
    """Running totals (or running func(total, item))."""
    it = iter(iterable)
    total = initial
    if initial is None:
        total = next(it, _none)
        if total is _none:
            return
    yield total
    for element in it:
        total = total + element if func is None else func(total, element)
        yield total


def chain(*iterables):
    """The items of each iterable in turn."""
    for iterable in iterables:
        for element in iterable:
            yield element


def _chain_from_iterable(iterables):
    for iterable in iterables:
        for element in iterable:
            yield element


chain.from_iterable = _chain_from_iterable


def _index(value, what):
    if value is None:
        return None
    if not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
    return value


def islice(iterable, *args):
    """islice(it, stop) or islice(it, start, stop[, step]): a slice of any iterator, taken lazily."""
    if len(args) == 1:
        start, stop, step = 0, _index(args[0], "Stop"), 1
    elif len(args) in (2, 3):
        start = _index(args[0], "Indices") or 0
        stop = _index(args[1], "Stop")
        step = 1 if len(args) == 2 or args[2] is None else args[2]
        if not isinstance(step, int) or step <= 0:
            raise ValueError("Step for islice() must be a positive integer or None.")
    else:
        raise TypeError(f"islice expected at most 4 arguments, got {len(args) + 1}")
    it = iter(iterable)
    index = 0
    wanted = start
    while stop is None or wanted < stop:
        while index < wanted:
            if next(it, _none) is _none:
                return
            index += 1
        element = next(it, _none)
        if element is _none:
            return
        index += 1
        yield element
        wanted += step


def compress(data, selectors):
    """The items of data whose selector is true."""
    for d, s in zip(data, selectors):
        if s:
            yield d


def dropwhile(predicate, iterable):
    """Skip items while predicate holds, then give the rest."""
    it = iter(iterable)
    for element in it:
        if not predicate(element):
            yield element
            break
    for element in it:
        yield element


def takewhile(predicate, iterable):
    """Items while predicate holds."""
    for element in iterable:
        if not predicate(element):
            return
        yield element


def filterfalse(predicate, iterable):
    """The items for which predicate is false (or that are false, with None)."""
    for element in iterable:
        if not (element if predicate is None else predicate(element)):
            yield element


def starmap(function, iterable):
    """function(*args) for each tuple of args."""
    for args in iterable:
        yield function(*args)


def pairwise(iterable):
    """Overlapping pairs: pairwise('abc') -> ('a', 'b'), ('b', 'c')."""
    it = iter(iterable)
    previous = next(it, _none)
    if previous is _none:
        return
    for element in it:
        yield previous, element
        previous = element


def zip_longest(*iterables, fillvalue=None):
    """Like zip, but runs until the longest iterable ends, filling the others with fillvalue."""
    iterators = [iter(it) for it in iterables]
    active = len(iterators)
    if not active:
        return
    while True:
        values = []
        for i in range(len(iterators)):
            it = iterators[i]
            value = fillvalue
            if it is not None:
                value = next(it, _none)
                if value is _none:
                    active -= 1
                    if not active:
                        return
                    iterators[i] = None
                    value = fillvalue
            values.append(value)
        yield tuple(values)


def product(*iterables, repeat=1):
    """Cartesian product: product('ab', range(2)) -> ('a', 0), ('a', 1), ('b', 0), ('b', 1)."""
    if repeat < 0:
        raise ValueError("repeat argument cannot be negative")
    pools = [tuple(pool) for pool in iterables] * repeat
    for pool in pools:
        if not pool:
            return
    n = len(pools)
    indices = [0] * n
    while True:
        yield tuple(pools[i][indices[i]] for i in range(n))
        i = n - 1
        while i >= 0:
            indices[i] += 1
            if indices[i] < len(pools[i]):
                break
            indices[i] = 0
            i -= 1
        if i < 0:
            return


def permutations(iterable, r=None):
    """Orderings of r distinct items (all items by default), in lexicographic index order."""
    pool = tuple(iterable)
    n = len(pool)
    r = n if r is None else r
    if r > n:
        return
    for indices in product(range(n), repeat=r):
        if len(set(indices)) == r:
            yield tuple(pool[i] for i in indices)


def combinations(iterable, r):
    """r-item subsets in index order: combinations('abc', 2) -> ab ac bc."""
    pool = tuple(iterable)
    n = len(pool)
    if r < 0:
        raise ValueError("r must be non-negative")
    if r > n:
        return
    indices = list(range(r))
    yield tuple(pool[i] for i in indices)
    while True:
        i = r - 1
        while i >= 0 and indices[i] == i + n - r:
            i -= 1
        if i < 0:
            return
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        yield tuple(pool[i] for i in indices)


def combinations_with_replacement(iterable, r):
    """r-item multisets in index order: combinations_with_replacement('ab', 2) -> aa ab bb."""
    pool = tuple(iterable)
    n = len(pool)
    for indices in product(range(n), repeat=r):
        if sorted(indices) == list(indices):
            yield tuple(pool[i] for i in indices)


def groupby(iterable, key=None):
    """(key, group) for each run of consecutive items with the same key."""
    it = iter(iterable)
    current = next(it, _none)
    while current is not _none:
        group_key = current if key is None else key(current)
        group = [current]
        current = next(it, _none)
        while current is not _none:
            k = current if key is None else key(current)
            if k != group_key:
                break
            group.append(current)
            current = next(it, _none)
        yield group_key, iter(group)


def tee(iterable, n=2):
    """n independent iterators over the same items (the items are kept until all have read them)."""
    items = list(iterable)
    return tuple(iter(items) for _ in range(n))
"""##
}
