# Positional-only (/) and keyword-only (*) parameters, with CPython's TypeError messages.
def scale(value, factor=2, /, *, clip=None):
    result = value * factor
    return min(result, clip) if clip is not None else result


print(scale(3), scale(3, 4), scale(3, 4, clip=10))


def attempt(call):
    try:
        print(call())
    except TypeError as error:
        print("TypeError:", error)


attempt(lambda: scale(value=3))
attempt(lambda: scale(3, factor=4))
attempt(lambda: scale(3, 4, 10))


def split(data, /, ratio, *, seed, shuffle=True):
    return data, ratio, seed, shuffle


print(split([1, 2], 0.8, seed=1), split([1], ratio=0.5, seed=2, shuffle=False))
attempt(lambda: split([1], 0.8))
attempt(lambda: split(data=[1], ratio=0.8, seed=1))
attempt(lambda: split())


def keywords_only(*, a, b, c):
    return a + b + c


attempt(lambda: keywords_only(1, 2, 3))
attempt(lambda: keywords_only(a=1))
attempt(lambda: keywords_only())


def three(a, b, c):
    return a, b, c


attempt(lambda: three())
attempt(lambda: three(1))


# A positional-only name can also be a keyword collected by **kwargs.
def record(name, /, **fields):
    return name, fields


print(record("run", name="other", lr=0.1))


class Trainer:
    def step(self, batch, /, *, accumulate=False):
        return batch, accumulate


attempt(lambda: Trainer().step(batch=1))
print(Trainer().step([1], accumulate=True))
pick = lambda x, /: x
attempt(lambda: pick(x=1))
