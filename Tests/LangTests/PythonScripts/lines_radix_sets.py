# Line splitting on every kind of line break, ints in other bases, and set relations.
texts = ["a\nb\r\nc\rd", "trailing\n", "x\r\n\r\ny", "", "one", "form\x0cfeed\x0bvtab\u2028sep"]
for text in texts:
    print(repr(text), text.splitlines(), text.splitlines(keepends=True))
with_windows = "name,score\r\nann,3\r\nbob,5\r\n"
rows = [line.split(",") for line in with_windows.splitlines()[1:]]
print(rows, sum(int(score) for _, score in rows))
for n in [0, 5, 255, -255, 2 ** 40, -1]:
    print(n, bin(n), oct(n), hex(n), f"{n:#x}" == hex(n))
print(hex(255).upper(), bin(10)[2:].zfill(8), int(bin(37), 2))
a, b, c = {1, 2}, {1, 2, 3}, {4}
print(a.issubset(b), b.issubset(a), b.issuperset(a), a.issuperset([1]), a.isdisjoint(c), a.isdisjoint(b), a.issubset(range(5)))
