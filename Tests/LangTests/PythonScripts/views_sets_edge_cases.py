# Edge cases: unhashable views, views against lists, frozenset keys, / with *args, maketrans(dict), StopIteration.value, unicodedata.
d = {"a": 1}
try: hash(d.keys())
except TypeError as e: print(e)
print(sorted(d.items() | [("b", 2)]), d.keys() - ["a"], [1] == d.values(), d.values() == d.values())
try: frozenset([[1]])
except TypeError as e: print(e)
f = frozenset({1}); print({f: 1}[frozenset([1])], f in {f}, set([f]) == {f})
def g(a, /, *args, b, **kw): return a, args, b, kw
print(g(1, 2, b=3, a=4))
print("abc".translate(str.maketrans({"a": None, "b": "B", 99: "C"})))
def gen():
    yield 1
    return "done"
it = gen(); next(it)
try: next(it)
except StopIteration as e: print(repr(e.value), e.args)
try: next(iter([]))
except StopIteration as e: print(repr(e.value))
import unicodedata
print(unicodedata.normalize("NFKC", "ﬁ①"), unicodedata.category("é"), unicodedata.combining("\u0301"), unicodedata.name("é"))
print("".join(c for c in unicodedata.normalize("NFD", "café naïve") if not unicodedata.combining(c)))
