// Generated from stdlib/bisect.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let bisectSource = ##"""
"""Binary search on sorted lists, as CPython's bisect (with key= as in 3.10+)."""


def _search(a, x, lo, hi, key, right):
    if lo < 0:
        raise ValueError("lo must be non-negative")
    if hi is None:
        hi = len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        item = a[mid] if key is None else key(a[mid])
        if (x < item) if right else not (item < x):
            hi = mid
        else:
            lo = mid + 1
    return lo


def bisect_right(a, x, lo=0, hi=None, *, key=None):
    """The index after the last item <= x in sorted a."""
    return _search(a, x, lo, hi, key, True)


def bisect_left(a, x, lo=0, hi=None, *, key=None):
    """The index of the first item >= x in sorted a."""
    return _search(a, x, lo, hi, key, False)


def insort_right(a, x, lo=0, hi=None, *, key=None):
    """Insert x into sorted a, after equal items."""
    a.insert(bisect_right(a, x if key is None else key(x), lo, hi, key=key), x)


def insort_left(a, x, lo=0, hi=None, *, key=None):
    """Insert x into sorted a, before equal items."""
    a.insert(bisect_left(a, x if key is None else key(x), lo, hi, key=key), x)


bisect = bisect_right
insort = insort_right
"""##
}
