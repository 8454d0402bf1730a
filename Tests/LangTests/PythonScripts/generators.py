# Generators: yield, yield from, send, return values, lazy generator expressions, infinite generators.
def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "liftoff"


print(list(countdown(3)))
g = countdown(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration:
    print("exhausted")
print(next(g, "default"))


def fibonacci():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


first = []
for n in fibonacci():
    if n > 100:
        break
    first.append(n)
print(first)


def chunks(items, size):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def flatten(nested):
    for item in nested:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item


print(list(chunks(list(range(7)), 3)), list(flatten([1, [2, [3, [4]], 5], [6]])))


def delegator():
    result = yield from countdown(2)
    yield result


print(list(delegator()))


def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value


acc = accumulator()
print(next(acc), acc.send(5), acc.send(10))
try:
    acc.send(None)
except StopIteration:
    print("accumulator done")


def with_cleanup():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup ran")


c = with_cleanup()
print(next(c))
c.close()
print(list(with_cleanup()))

squares = (x * x for x in range(1_000_000_000))
print(next(squares), next(squares), next(squares))
print(sum(x for x in range(101) if x % 2 == 0), max(len(w) for w in "a bb ccc".split()))
pairs = ((i, j) for i in range(3) for j in range(i))
print(list(pairs))
print(any(n > 10 for n in fibonacci()), type(squares).__name__)


def numbered(lines, start=1):
    for number, line in enumerate(lines, start):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield number, stripped


text = """# header
first line

second line
  # comment
third"""
for number, line in numbered(text.splitlines()):
    print(number, line)
gen = numbered(["a"])
print(iter(gen) is gen, list(gen), list(gen))


def tokens_in(lines):
    for line in lines:
        yield from line.split()


words = tokens_in(["the cat", "sat on", "the mat"])
vocab = {}
for w in words:
    vocab[w] = vocab.get(w, 0) + 1
print(vocab)


def echo():
    received = []
    try:
        while True:
            received.append((yield len(received)))
    except GeneratorExit:
        print("closing with", received)
        raise


e = echo()
next(e)
e.send("a")
e.send("b")
e.close()


def raiser():
    yield 1
    raise ValueError("inside generator")


try:
    for v in raiser():
        print("got", v)
except ValueError as err:
    print("ValueError:", err)
