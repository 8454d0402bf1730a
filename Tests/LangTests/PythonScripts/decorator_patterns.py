# Decorator patterns: with arguments, stacked, class-based, on methods, and class decorators.
import functools


def repeat(times):
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return [func(*args, **kwargs) for _ in range(times)]
        return wrapper
    return decorate


def trace(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        shown = ", ".join([repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()])
        result = func(*args, **kwargs)
        print(f"{func.__name__}({shown}) = {result!r}")
        return result
    return wrapper


@trace
@repeat(2)
def shout(word, end="!"):
    return word.upper() + end


shout("hi")
shout("ok", end="?")
print(shout.__name__, shout.__wrapped__.__name__)


class CountCalls:
    def __init__(self, func):
        functools.update_wrapper(self, func)
        self.func = func
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1
        return self.func(*args, **kwargs)


@CountCalls
def square(x):
    """Square a number."""
    return x * x


print([square(i) for i in range(4)], square.count, square.__name__, square.__doc__)


def validate_positive(method):
    @functools.wraps(method)
    def wrapper(self, value):
        if value <= 0:
            raise ValueError(f"{method.__name__} needs a positive value, got {value}")
        return method(self, value)
    return wrapper


class Optimizer:
    def __init__(self):
        self.lr = 0.1

    def __repr__(self):
        return f"Optimizer(lr={self.lr})"

    @validate_positive
    def set_lr(self, value):
        self.lr = value
        return self

    @trace
    def step(self, grad):
        return round(-self.lr * grad, 4)


opt = Optimizer().set_lr(0.01)
opt.step(2.5)
try:
    opt.set_lr(-1)
except ValueError as e:
    print("ValueError:", e)


def add_repr(cls):
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{cls.__name__}({fields})"
    cls.__repr__ = __repr__
    return cls


def singleton(cls):
    instances = {}

    @functools.wraps(cls)
    def get(*args, **kwargs):
        if cls not in instances:
            instances[cls] = cls(*args, **kwargs)
        return instances[cls]
    return get


@add_repr
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


@singleton
@add_repr
class Settings:
    def __init__(self, seed=0):
        self.seed = seed


print(Point(1, 2), Settings(seed=42), Settings(seed=7), Settings() is Settings())
registry = []
register = registry.append
print(register.__name__ if hasattr(register, "__name__") else "append")
