from collections import Counter, defaultdict, OrderedDict, deque, namedtuple
words = "the cat sat on the mat the end cat".split()
c = Counter(words)
print(c)
print(c.most_common(2), c["the"], c["dog"], len(c), "cat" in c, sorted(c))
c.update(["dog", "the"])
c.update({"cat": 3})
print(c.most_common(3), c.total())
d = Counter("abracadabra")
print(d, list(d.elements())[:5])
print(Counter(a=3, b=1) + Counter(a=1, b=2), Counter(a=3, b=1) - Counter(a=1, b=2), Counter(a=3, b=1) | Counter(a=1, b=2), Counter(a=3, b=1) & Counter(a=1, b=2))
e = Counter(a=1)
e.subtract(a=3)
print(e, Counter(), dict(Counter("aab")), Counter("aab") == Counter("aba"))
dd = defaultdict(list)
for w in words:
    dd[len(w)].append(w)
print(dd)
print(dict(dd), sorted(dd.items()), dd.get(9), 9 in dd)
counts = defaultdict(int)
for w in words:
    counts[w] += 1
print(counts["the"], counts["zzz"], len(counts))
od = OrderedDict()
od["b"] = 1
od["a"] = 2
od["c"] = 3
od.move_to_end("b")
print(od, list(od.keys()), od.popitem(), od.popitem(last=False), od)
q = deque([1, 2, 3], maxlen=4)
q.append(4)
q.append(5)
q.appendleft(0)
print(q, q.popleft(), q.pop(), len(q), q[0], list(q))
q.rotate(1)
print(q, deque("abc"))
Point = namedtuple("Point", ["x", "y"])
p = Point(1, y=2)
print(p, p.x, p[1], p._asdict(), p._replace(x=10), tuple(p), p == (1, 2), Point._fields)
x, y = p
print(x + y, type(p).__name__, len(p))
Row = namedtuple("Row", "label text score", defaults=[0.0])
print(Row("pos", "great"), Row._make(["neg", "bad", 1.5]))
try:
    Point(1)
except TypeError as err:
    print("TypeError:", err)
try:
    defaultdict(None)["k"]
except KeyError as err:
    print("KeyError:", err)
