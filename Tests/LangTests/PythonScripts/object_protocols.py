# Iteration, calling and context-manager protocols on user classes.
class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


print(list(Countdown(3)))
for n in Countdown(2):
    print("tick", n)
it = Countdown(2)
print(next(it), next(it), next(it, "done"))


class Batches:
    def __init__(self, items, size):
        self.items = items
        self.size = size

    def __iter__(self):
        for i in range(0, len(self.items), self.size):
            yield self.items[i:i + self.size]

    def __len__(self):
        return (len(self.items) + self.size - 1) // self.size


b = Batches(list(range(7)), 3)
print(len(b), list(b), [sum(x) for x in b])


class Scaler:
    def __init__(self, factor):
        self.factor = factor

    def __call__(self, x, offset=0):
        return x * self.factor + offset


double = Scaler(2)
print(double(5), double(5, offset=1), list(map(double, [1, 2, 3])), callable(double), callable(b))


class Timer:
    def __init__(self, name):
        self.name = name
        self.log = []

    def __enter__(self):
        self.log.append("start " + self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        self.log.append(f"stop {self.name} error={exc_type.__name__ if exc_type else None}")
        return exc_type is KeyError


with Timer("a") as t:
    x = 1 + 1
print(t.log)
with Timer("b") as t2:
    raise KeyError("missing")
print(t2.log)
try:
    with Timer("c") as t3:
        raise ValueError("bad")
except ValueError as e:
    print("ValueError:", e, t3.log)


class Sequence:
    def __init__(self, n):
        self.n = n

    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError(i)
        return i * i


print(list(Sequence(4)), 9 in Sequence(4))


class Registry:
    def __init__(self):
        self._data = {}

    def __setitem__(self, key, value):
        self._data[key] = value

    def __getitem__(self, key):
        return self._data[key]

    def __contains__(self, key):
        return key in self._data

    def __len__(self):
        return len(self._data)


r = Registry()
r["a"] = 1
r["b"] = 2
print(r["a"], "b" in r, "z" in r, len(r), bool(r), bool(Registry()))
