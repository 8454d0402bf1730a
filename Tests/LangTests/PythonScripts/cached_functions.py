# A decorated cached function: functools.lru_cache / cache, wraps, and hand-written decorators.
import functools
from functools import lru_cache, cache, wraps, partial, reduce

calls = []


@lru_cache(maxsize=None)
def fib(n):
    calls.append(n)
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(40), len(calls))
print(fib.cache_info())
print(fib(40), fib.cache_info().hits)
fib.cache_clear()
print(fib.cache_info())


@lru_cache(maxsize=2)
def square(x):
    print("computing", x)
    return x * x


for x in [1, 2, 1, 3, 1, 2]:
    square(x)
print(square.cache_info())


@cache
def tokens(text, lower=True):
    print("tokenizing", repr(text))
    return tuple((text.lower() if lower else text).split())


print(tokens("A b"), tokens("A b"), tokens("A b", lower=False), tokens(text="A b"))
try:
    tokens(["not", "hashable"])
except TypeError as e:
    print("TypeError:", e)


def timed(label):
    def decorate(func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            result = func(*args, **kwargs)
            print(f"[{label}] {func.__name__}{args} -> {result}")
            return result
        return wrapper
    return decorate


def twice(func):
    def wrapper(*args):
        return func(func(*args))
    return wrapper


@timed("outer")
@twice
def inc(x):
    """Add one."""
    return x + 1


print(inc(5), inc.__name__, inc.__doc__)


@timed("math")
def power(base, exp=2):
    """Raise base to exp."""
    return base ** exp


power(3)
power(2, exp=10)
print(power.__name__, power.__doc__, power.__wrapped__(4))

to_int = partial(int, base=2)
print(to_int("1011"), to_int("11", base=10), to_int.func is int, to_int.keywords)
scale = partial(lambda x, k: x * k, k=3)
print(list(map(scale, [1, 2, 3])))
print(reduce(lambda a, b: a + b, [[1], [2, 3], [4]]), reduce(max, [3, 9, 2], 0), reduce(lambda a, b: a * b, [], 1))
try:
    reduce(max, [])
except TypeError as e:
    print("TypeError:", e)


def counted(func):
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return func(*args, **kwargs)
    wrapper.calls = 0
    return wrapper


@counted
def hello(name):
    return "hello " + name


hello("a")
hello("b")
print(hello.calls)
print(sorted(["b", "A", "c"], key=functools.cmp_to_key(lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower()))))


@functools.total_ordering
class Grade:
    def __init__(self, score):
        self.score = score

    def __eq__(self, other):
        return self.score == other.score

    def __lt__(self, other):
        return self.score < other.score


print(Grade(3) >= Grade(2), Grade(1) > Grade(2), Grade(2) <= Grade(2))
