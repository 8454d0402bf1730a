# Named tuples are tuples: indexing, slicing, unpacking, len, == with tuples, isinstance, json, % args.
import json
from collections import namedtuple
from typing import NamedTuple


class Batch(NamedTuple):
    input_ids: list
    labels: list
    size: int = 0


Point = namedtuple("Point", "x y")
p = Point(3, y=4)
b = Batch([1, 2], [0, 1], 2)

print(p, p[0], p[-1], p[:1], len(p), tuple(p), list(p))
x, y = p
print(x, y, p.x + p.y, p == (3, 4), (3, 4) == p, p != (4, 3), isinstance(p, tuple), isinstance(b, tuple))
print(p._asdict(), p._replace(x=0), Point._fields, Point._make([5, 6]), Batch._fields, Batch._field_defaults)
print(b, b.size, b[0], Batch([9], [1]))
print(json.dumps(p), json.dumps({"batch": b}), "%s,%s" % p, "x=%d y=%d" % p)
print(sorted([Point(2, 1), Point(1, 5), Point(1, 2)]), max(Point(1, 9)), sum(p), p.count(3), p.index(4))
print({p: "origin"}[(3, 4)], hash(p) == hash((3, 4)), p + (5,), 7 in p, 3 in p)
print([f"{pt.x}:{pt.y}" for pt in map(Point._make, [(1, 2), (3, 4)])])
for name, value in zip(Batch._fields, b):
    print(name, value)
match p:
    case Point(x=3, y=yy):
        print("matched y", yy)
