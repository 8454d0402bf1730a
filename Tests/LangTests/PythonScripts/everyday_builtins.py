# Everyday built-ins and modules in one pass (collections, formatting, dataclasses, textwrap, re, json, str methods).
import collections, itertools, functools, string, textwrap, math, re, json, os, sys
from dataclasses import dataclass, field
words = "the cat and the hat and the bat".split()
c = collections.Counter(words)
print(c, c.most_common(2), c["zzz"], sum(c.values()), c.keys())
dd = collections.defaultdict(int)
for w in words: dd[w] += 1
print(dd, dict(dd), dd.items())
od = collections.OrderedDict(a=1, b=2); od.move_to_end("a"); print(od, list(od.keys()), list(od.values()))
print(f"{3.14159:.2f} {1234567:,} {0.25:.0%} {42:08.3f} {'x':^7}| {255:#x} {7:b} {-3:+d}")
print("{:<10}|{:>6.1f}|{!r}".format("name", 2.345, "q"), "%5.2f%%" % 12.3456)
print(zip(*[(1, "a"), (2, "b")]).__class__.__name__, list(zip(*[(1, "a"), (2, "b")])))
print(list(enumerate("ab", start=1)), dict(zip("abc", range(3))), sorted({"b": 2, "a": 1}.items(), key=lambda kv: kv[1]))
@dataclass(order=True)
class Ex:
    score: float
    text: str = field(compare=False)
    tags: list = field(default_factory=list, repr=False)
xs = [Ex(0.5, "b"), Ex(0.1, "a")]
print(sorted(xs), max(xs).text, xs[0] == Ex(0.5, "zzz"))
print(textwrap.fill("A long sentence that should wrap around nicely at twenty chars.", 20))
print(math.isclose(0.1 + 0.2, 0.3), round(2.675, 2), round(0.5), round(1.5), divmod(-7, 2), 7 // -2)
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "me@host you@there"), re.split(r"[,;]\s*", "a, b;c"))
print(json.dumps({"a": [1, 2.0, None, True]}, indent=2, sort_keys=True))
print(sys.version_info[:2] >= (3, 8), os.path.splitext("model.safetensors"), os.path.join("a", "b", "c.txt"))
print(list(itertools.accumulate([1, 2, 3])), list(itertools.chain.from_iterable([[1], [2, 3]])), list(itertools.product("ab", repeat=2))[:3])
print(functools.reduce(lambda a, b: a * b, range(1, 6)), string.ascii_lowercase[:5], "Hello World".swapcase(), "a-b-c".rsplit("-", 1))
print(str.maketrans({"a": "b"}), "abc".translate(str.maketrans("a", "z")), "x".zfill(3), "Title case me".title(), "ß".upper(), "İ".lower())
print(sorted(["b", "A", "a", "B"], key=str.lower), min("hello"), any([]), all([]), list(map(int, "123")))
print(1e21, 1e-7, 123456789.0, float("1e500"), -0.0, 2**62, 10**18, int("  42 "), int("1_000"), 0.1*3)
print(repr("it's"), repr('say "hi"'), repr("tab\there"), "é".encode if False else "ok", ascii("é"))
x = [1, 2, 3]; x[1:2] = [7, 8]; print(x, x[::-2], x.index(8), x.pop(0), x)
print(set("abc") == {"a", "b", "c"}, {1, 2} | {3}, {i % 3 for i in range(10)})
print(type(None).__name__, type(print).__name__, callable(len), isinstance(True, int), bool.__name__)
