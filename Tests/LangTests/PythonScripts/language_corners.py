# Corners of the language that tutorial code leans on: f-strings, str/int/float methods, print options,
# slicing, unpacking, scoping and parameters, exception ordering.
import sys
from datetime import datetime, date, timedelta

name, score, ratio = "lora", 0.91234, 1 / 3
width, precision = 12, 3
print(f"{name=}", f"{score=:.2f}", f"{ratio!r}", f"{name!r:>10}")
print(f"[{name:^{width}}]", f"[{score:{width}.{precision}f}]", f"[{12345678:,}]", f"[{0.25:.1%}]")
print(f"{255:#x} {255:08b} {255:o} {-42:+d} {3.0:g} {1e-7:g} {123456789.0:e}")
print(f"{'left':<8}|{'right':>8}|{'mid':*^9}|")
moment = datetime(2024, 3, 5, 14, 7, 9)
print(f"{moment:%Y-%m-%d %H:%M:%S}", f"{moment:%d/%m/%y}", f"{date(2024, 1, 31) + timedelta(days=1)}")
print(f"{{literal}} {len(name) * 2} {'nested ' + name.upper()}")

text = "  Hello, World  "
print(text.strip().partition(", "), "a=b=c".rpartition("="), "Straße".casefold(), "a\tbc\td".expandtabs(4))
print("42".zfill(5), "-42".zfill(6), "hello".translate(str.maketrans("el", "ip")), "abc".translate({ord("a"): None}))
print("{name} has {n} items".format_map({"name": "cart", "n": 3}), "x".center(5, "-"), "Title Case".swapcase())
print("one two  three".split(), "a,b,,c".split(","), "line1\nline2\nline3".splitlines(), "k=v".split("=", 1))
print("hello world".title(), "ABC".lower(), "abc".isalpha(), "123".isdigit(), " ".isspace(), "MiXeD".isupper())
print("data.csv".removesuffix(".csv"), "test_run".removeprefix("test_"), "abcabc".count("bc"), "abc".find("z"))
print("-".join(["a", "b"]), "abc"[::-1], "hello".startswith(("he", "x")), "tab".endswith("b"), "a b".replace(" ", "_"))

print((255).bit_length(), (-8).bit_length(),
      (2.0).is_integer(), (2.5).is_integer())
print(int("ff", 16), int("0b101", 0), int(" 7 "), float("1e3"), round(2.675, 2), round(-0.5), round(1.5), divmod(-7, 2))
print(7 // 2, -7 // 2, 7 % -3, 2 ** -1, 10 / 4, abs(-3.5), pow(3, 4, 5), max([], default="empty"), min(3, 1, 2))

print("a", "b", "c", sep="-", end="!\n")
print("flushed", flush=True)
print(*range(3), sep=", ")

records = [("bob", 3), ("ann", 3), ("cid", 1), ("dan", 2)]
print(sorted(records, key=lambda r: r[1]), sorted(records, key=lambda r: (-r[1], r[0])))
print(sorted("banana", reverse=True), sorted({"b": 1, "a": 2}.items(), key=lambda kv: kv[1]))

a = {"x": 1, "y": 2, "z": 3}
b = {"y": 20, "w": 0}
print(set(a) & set(b), sorted(set(a) - set(b)), sorted(set(a) | set(b)), a | b, {**a, **b} == (a | b))
s1, s2 = {1, 2, 3}, {2, 3, 4}
print(s1 & s2, s1 | s2, s1 - s2, s1 ^ s2)

items = list(range(10))
items[2:5] = ["a", "b"]
print(items)
del items[::3]
print(items)
items[::2] = [0] * len(items[::2])
print(items, items[-3:], items[:-7:-2])

first, *middle, last = "python"
print(first, middle, last)
(p, q), r = (1, 2), 3
print(p, q, r, [*"ab", *range(2)], {*"aba"} == {"a", "b"}, {**{"k": 1}, "j": 2})

def f(a, b, /, c, *, d=4, **extra):
    return a, b, c, d, extra

print(f(1, 2, 3), f(1, 2, c=3, d=5, e=6), f(*[1, 2], **{"c": 3}))

def outer():
    count = 0
    def bump():
        nonlocal count
        count += 1
        return count
    return bump

counter = outer()
print(counter(), counter(), counter())
total = 0
def add(n):
    global total
    total += n
add(5); add(7)
print(total)

adders = [lambda x, i=i: x + i for i in range(3)]
late = [lambda x: x + i for i in range(3)]
print([g(10) for g in adders], [g(10) for g in late])
print(1 < 2 < 3, 3 > 2 > 2, 1 == 1.0 < 2, "a" < "b" <= "b")

def order(fail):
    events = []
    try:
        events.append("try")
        if fail:
            raise ValueError("boom")
    except ValueError as error:
        events.append(f"except {error}")
    else:
        events.append("else")
    finally:
        events.append("finally")
    return events

print(order(False), order(True))

def returns_in_finally():
    try:
        return "from try"
    finally:
        print("finally runs before the return value is used")

print(returns_in_finally())
