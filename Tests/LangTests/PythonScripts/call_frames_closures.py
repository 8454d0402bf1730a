# Calls whose local variables outlive them (closures, generators, generator expressions) mixed with
# plain calls, recursion and errors: every call must start with fresh, unbound locals.


def make_counter(start):
    count = start

    def step(by=1):
        nonlocal count
        count += by
        return count

    return step


def plain(a, b):
    total = a + b
    return total


counters = [make_counter(i * 10) for i in range(3)]
for k in range(3):
    for c in counters:
        plain(k, 1)
        c(k)
print([c(0) for c in counters])


def adders():
    return [lambda x, n=n: x + n for n in range(4)]


print([f(100) for f in adders()], plain(2, 3))


def late_binding():
    fns = []
    for i in range(3):
        fns.append(lambda: i)
    return fns


print([f() for f in late_binding()])


def countdown(n):
    while n > 0:
        yield n
        n -= 1


g1 = countdown(3)
g2 = countdown(2)
print(next(g1), plain(1, 1), next(g2), next(g1), list(g2), list(g1))


def squares_of(limit):
    scale = 2
    return (x * x * scale for x in range(limit))


lazy = squares_of(4)
print(plain(5, 5), sum(squares_of(3)), list(lazy))


def maybe_bound(flag):
    if flag:
        value = "bound"
    try:
        return value
    except UnboundLocalError as error:
        return type(error).__name__


print(maybe_bound(True), maybe_bound(False), maybe_bound(True), maybe_bound(False))


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def memo_fib():
    cache = {}

    def f(n):
        if n not in cache:
            cache[n] = n if n < 2 else f(n - 1) + f(n - 2)
        return cache[n]

    return f


mf = memo_fib()
print(fib(15), mf(60), mf(30), fib(10))


def fails(x):
    local = x * 2
    if x > 2:
        raise ValueError(f"too big: {local}")
    return local


results = []
for x in range(5):
    try:
        results.append(fails(x))
    except ValueError as error:
        results.append(str(error))
print(results)


class Base:
    def __init__(self, name):
        self.name = name

    def describe(self):
        return f"Base({self.name})"


class Child(Base):
    def __init__(self, name, extra):
        super().__init__(name)
        self.extra = extra

    def describe(self):
        return super().describe() + f"+{self.extra}"


print([Child(str(i), i * i).describe() for i in range(3)])


def make_class(tag):
    size = len(tag)

    class Tagged:
        label = tag

        def show(self):
            return f"{self.label}:{size}"

    return Tagged


classes = [make_class(t) for t in ("a", "bb", "ccc")]
print([cls().show() for cls in classes])


def decorate(func):
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(args)
        return func(*args, **kwargs)

    wrapper.calls = calls
    return wrapper


@decorate
def scaled(x, factor=3):
    return x * factor


print(scaled(2), scaled(3, factor=10), scaled(4), scaled.calls)


def keyword_only(a, *, b=2, **rest):
    inner = [a, b]
    return inner + sorted(rest)


print(keyword_only(1), keyword_only(1, b=5, z=0, y=1), keyword_only(a=7))


def walrus_scope(items):
    hits = [y for x in items if (y := x * 2) > 4]
    return hits, y


print(walrus_scope([1, 2, 3, 4]), walrus_scope([5]))
