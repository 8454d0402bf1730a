from contextlib import contextmanager, suppress, nullcontext
from abc import ABC, abstractmethod
@contextmanager
def tag(name):
    print("<" + name + ">")
    try:
        yield name.upper()
    finally:
        print("</" + name + ">")
with tag("b") as t:
    print("inside", t)
try:
    with tag("i"):
        raise ValueError("boom")
except ValueError as e:
    print("caught", e)
@contextmanager
def swallow():
    try:
        yield
    except KeyError as e:
        print("swallowed", e)
with swallow():
    {}["k"]
with suppress(FileNotFoundError, KeyError):
    {}["x"]
with nullcontext(5) as v:
    print(v)
class Metric(ABC):
    @abstractmethod
    def compute(self, a): ...
    @abstractmethod
    def reset(self): ...
    def name(self): return type(self).__name__.lower()
class Acc(Metric):
    def compute(self, a): return sum(a) / len(a)
    def reset(self): pass
try:
    Metric()
except TypeError as e:
    print(e)
class Half(Metric):
    def reset(self): pass
try:
    Half()
except TypeError as e:
    print(e)
print(Acc().compute([1, 0, 1, 1]), Acc().name(), isinstance(Acc(), Metric))
