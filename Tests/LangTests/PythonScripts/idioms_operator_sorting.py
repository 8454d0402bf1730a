from functools import reduce, partial, wraps, lru_cache
import itertools


import math
import operator
from operator import itemgetter, attrgetter, methodcaller

# unpacking, star-args, walrus
first, *middle, last = [1, 2, 3, 4, 5]
print(first, middle, last)
(a, b), c = (1, 2), 3
print(a, b, c)

def f(*args, sep="-", **kwargs):
    return sep.join(map(str, args)) + " " + str(sorted(kwargs.items()))
print(f(1, 2, 3, sep="+", z=1, a=2))
print(f(*range(3), **{"k": "v"}))

data = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
n = len(data)
if n > 10:
    print(f"list is too long ({n} elements, expected <= 10)")
while data[:3]:
    chunk = data[:3]
    print(chunk)
    data = data[3:]

# closures, nonlocal, global
counter_total = 0
def make_counter():
    count = 0
    def inc(step=1):
        nonlocal count
        global counter_total
        count += step
        counter_total += step
        return count
    return inc
c1 = make_counter()
c1(); c1(); print(c1(5), counter_total)

# decorators
def timed(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        result = fn(*args, **kwargs)
        print(f"{fn.__name__} called with {args} -> {result}")
        return result
    return wrapper

@timed
def add(x, y):
    """Add two numbers."""
    return x + y
add(2, 3)
print(add.__name__, add.__doc__)

@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(50), fib.cache_info())

# sorting
words = ["banana", "Apple", "cherry", "date", "Elderberry", "fig"]
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=lambda w: (-len(w), w)))
print(sorted(words, key=len, reverse=True)[:3])
pairs = [("a", 3), ("b", 1), ("c", 2)]
print(sorted(pairs, key=itemgetter(1)), sorted(pairs, key=operator.itemgetter(1, 0), reverse=True))
print(reduce(operator.add, [1, 2, 3]), list(map(operator.mul, [1, 2], [3, 4])), operator.itemgetter(0, 2)('abc'))
print(list(map(methodcaller('upper'), ['a', 'b'])), attrgetter('real', 'imag')(3), itemgetter('k')({'k': 1}))
print(operator.truediv(7, 2), operator.floordiv(7, 2), operator.neg(3), operator.not_(0), operator.contains([1], 1), operator.abs(-2))
print(itemgetter(1), attrgetter('x.y'), methodcaller('split', ',', maxsplit=1))
print(max(pairs, key=lambda p: p[1]), min(pairs, key=lambda p: p[1])[0])

# comprehensions
squares = {x: x * x for x in range(6) if x % 2 == 0}
print(squares)
print(sorted({w[0].lower() for w in words}))
matrix = [[1, 2, 3], [4, 5, 6]]
print([list(row) for row in zip(*matrix)])
print([x for row in matrix for x in row if x > 2])
print(reduce(operator.mul, range(1, 6)), reduce(lambda a, b: a + b, [], 0))
double = partial(operator.mul, 2)
print(list(map(double, [1, 2, 3])))
print(list(itertools.chain.from_iterable(matrix)))
print(list(itertools.accumulate([1, 2, 3, 4])))
for key, group in itertools.groupby(sorted(words, key=len), key=len):
    print(key, list(group))
print(list(itertools.islice(itertools.count(10, 5), 4)))
print(list(itertools.product("ab", repeat=2)))
print(pow(2, 10, 1000), pow(3, -1, 7), pow(-2, 5, 7), pow(5, 3, -7))
print(list(itertools.combinations([1, 2, 3], 2)), len(list(itertools.permutations(range(4)))))
print(list(itertools.zip_longest("abc", [1], fillvalue=None)))
print(any(x > 8 for x in [1, 9]), all([]), sum([0.1] * 10), math.fsum([0.1] * 10))
print(divmod(17, 5), pow(2, 10), pow(3, 4), round(2.675, 2), round(0.5), round(1.5), abs(-3.5))
print(math.sqrt(2), math.log(10), math.exp(1), math.ceil(2.1), math.floor(-2.1), math.pi, math.inf)
print(math.isclose(0.1 + 0.2, 0.3), math.gcd(12, 18), math.log2(8), math.log10(1000))
s = "  Hello, World!  "
print(s.strip().lower().replace("world", "there"), s.split(","), s.strip().startswith("Hello"))
print("-".join(["a", "b"]), "abc".upper(), "Title case words".title(), "x".center(5, "*"), "42".zfill(5))
print("a,b,,c".split(","), "a b  c".split(), "line1\nline2".splitlines(), "abc".find("c"), "abc".index("b"))
print("hello"[::-1], "hello"[1:-1], "hello"[::2], "ab" * 3, "ell" in "hello", "hello".count("l"))
print(f"{3.14159:.2f} {1234567:,} {0.256:.1%} {42:08.3f} {255:x} {255:#b} {1e-7:.2e} {12:>5d}|{'x':<3}|")
print(f"{1e6:g} {123456789.0:g} {0.0001:g} {1/3:.10g} {-0.0} {2**62}")
print(int("42"), float("3.5"), int(3.9), int(-3.9), str(1.0), bool(""), bool("0"), float("1e3"))
for i, (w, l) in enumerate(zip(words, map(len, words)), start=1):
    if i > 2:
        break
    print(i, w, l)
else:
    print("never")
print(list(reversed(range(3))), list(enumerate("ab")), dict(zip("abc", range(3))))
