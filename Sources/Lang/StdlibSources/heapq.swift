// Generated from stdlib/heapq.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let heapqSource = ##"""
"""Heap queues on plain lists, with CPython's algorithms (so the list order is Python's):
heappush heappop heapify heappushpop heapreplace nlargest nsmallest merge."""


def heappush(heap, item):
    """Push item onto heap, keeping the heap invariant."""
    heap.append(item)
    _siftdown(heap, 0, len(heap) - 1)


def heappop(heap):
    """Pop the smallest item off the heap."""
    lastelt = heap.pop()
    if heap:
        returnitem = heap[0]
        heap[0] = lastelt
        _siftup(heap, 0)
        return returnitem
    return lastelt


def heapreplace(heap, item):
    """Pop the smallest item, then push item (one step)."""
    returnitem = heap[0]
    heap[0] = item
    _siftup(heap, 0)
    return returnitem


def heappushpop(heap, item):
    """Push item, then pop the smallest (one step)."""
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _siftup(heap, 0)
    return item


def heapify(x):
    """Turn a list into a heap, in place, in linear time."""
    n = len(x)
    for i in reversed(range(n // 2)):
        _siftup(x, i)


def _siftdown(heap, startpos, pos):
    newitem = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if newitem < parent:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = newitem


def _siftup(heap, pos):
    endpos = len(heap)
    startpos = pos
    newitem = heap[pos]
    childpos = 2 * pos + 1
    while childpos < endpos:
        rightpos = childpos + 1
        if rightpos < endpos and not heap[childpos] < heap[rightpos]:
            childpos = rightpos
        heap[pos] = heap[childpos]
        pos = childpos
        childpos = 2 * pos + 1
    heap[pos] = newitem
    _siftdown(heap, startpos, pos)


def nlargest(n, iterable, key=None):
    """The n largest items (as sorted(iterable, key=key, reverse=True)[:n])."""
    return sorted(iterable, key=key, reverse=True)[:n]


def nsmallest(n, iterable, key=None):
    """The n smallest items (as sorted(iterable, key=key)[:n])."""
    return sorted(iterable, key=key)[:n]


def merge(*iterables, key=None, reverse=False):
    """Merge sorted inputs into one sorted stream (stable: earlier inputs first on ties; read at once)."""
    tagged = []
    for order, iterable in enumerate(iterables):
        for position, item in enumerate(iterable):
            tagged.append((item if key is None else key(item), order, position, item))
    tagged.sort(key=lambda t: t[0], reverse=reverse)
    for entry in tagged:
        yield entry[3]
"""##
}
