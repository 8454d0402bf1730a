# functools and contextlib the way utility code uses them: singledispatch formatters, total_ordering,
# cached_property, lru_cache stats, partial, reduce; contextmanager timers, suppress, nullcontext;
# itertools pairwise/groupby/accumulate; string constants.
import contextlib
import functools
import itertools
import operator
import string
import time
from functools import singledispatch, total_ordering, cached_property, lru_cache, partial, reduce


@singledispatch
def render(value):
    return f"<{type(value).__name__}>"


@render.register(int)
def _(value):
    return f"int:{value:,}"


@render.register(float)
def _(value):
    return f"float:{value:.3f}"


@render.register(list)
@render.register(tuple)
def _(value):
    return "[" + ", ".join(render(v) for v in value) + "]"


print(render(1234567), render(2.5), render([1, 2.0, "x"]), render((3,)), render(True), render(None))
print(render.dispatch(bool) is render.dispatch(int), sorted(t.__name__ for t in render.registry))


@total_ordering
class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in text.split("."))

    def __eq__(self, other):
        return self.parts == other.parts

    def __lt__(self, other):
        return self.parts < other.parts

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


versions = [Version(v) for v in ["1.10.0", "1.2.3", "0.9", "1.2.10"]]
print(sorted(versions), max(versions), Version("1.2") >= Version("1.1.9"), Version("2.0") <= Version("2.0"))


class Corpus:
    def __init__(self, texts):
        self.texts = texts
        self.computed = 0

    @cached_property
    def vocabulary(self):
        self.computed += 1
        return sorted({w for t in self.texts for w in t.split()})


corpus = Corpus(["a b c", "b c d"])
print(corpus.vocabulary, corpus.vocabulary is corpus.vocabulary, corpus.computed)


@lru_cache(maxsize=32)
def edit_distance(a, b):
    if not a or not b:
        return len(a) + len(b)
    if a[0] == b[0]:
        return edit_distance(a[1:], b[1:])
    return 1 + min(edit_distance(a[1:], b), edit_distance(a, b[1:]), edit_distance(a[1:], b[1:]))


print(edit_distance("kitten", "sitting"), edit_distance.cache_info().hits > 0)
edit_distance.cache_clear()
print(edit_distance.cache_info())

power_of_two = partial(pow, 2)
print(power_of_two(10), reduce(operator.mul, range(1, 6)), reduce(lambda a, b: a + b, ["x", "y", "z"], ">"))


@contextlib.contextmanager
def timer(label, log):
    start = time.perf_counter()
    try:
        yield log
    finally:
        elapsed = time.perf_counter() - start
        log.append(f"{label}: {'fast' if elapsed < 5 else 'slow'}")


log = []
with timer("sum", log) as entries:
    total = sum(range(10000))
    entries.append(f"total={total}")
print(log)

with contextlib.suppress(KeyError, ZeroDivisionError):
    print("before")
    {}["nope"]
    print("never")
print("after suppress")

for use in (True, False):
    manager = timer("maybe", log) if use else contextlib.nullcontext("no timer")
    with manager as value:
        print(type(value).__name__, value if isinstance(value, str) else len(value))

readings = [3, 5, 4, 8, 8, 2]
print(list(itertools.pairwise(readings)), [b - a for a, b in itertools.pairwise(readings)])
print(list(itertools.accumulate(readings)), list(itertools.accumulate(readings, max)))
words = ["apple", "avocado", "banana", "blueberry", "cherry", "apricot"]
print({k: list(g) for k, g in itertools.groupby(sorted(words), key=lambda w: w[0])})
print(list(itertools.islice(itertools.cycle("ab"), 5)), list(itertools.chain.from_iterable([[1], [2, 3]])))
print(list(itertools.combinations("abc", 2)), len(list(itertools.permutations(range(4), 2))), list(itertools.product([0, 1], repeat=2)))
print(string.ascii_lowercase[:5], string.digits, string.punctuation[:6], len(string.printable), string.capwords("hello there  world"))
print(string.Template("$who likes $what").substitute(who="tim", what="kung pao"), "{0}-{1}".format(*"ab"))
